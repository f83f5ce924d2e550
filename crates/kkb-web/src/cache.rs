//! Read caches for what many readers ask for at once (the province dashboard, the index JSON): entries are valid
//! for one [`kkb_store::Store::data_version`], which every import, edit and recompute changes in the same
//! transaction, so a cached figure is never older than the data a reader could otherwise see.

use std::collections::HashMap;
use std::sync::RwLock;

/// Entries kept before the cache is emptied (bounds memory; a dashboard body is about 100 KB).
const LIMIT: usize = 512;

/// A map from a request key to a rendered value, valid for one data version.
pub struct VersionedCache<V> {
    inner: RwLock<(i64, HashMap<String, V>)>,
}

impl<V> Default for VersionedCache<V> {
    fn default() -> Self {
        VersionedCache { inner: RwLock::new((i64::MIN, HashMap::new())) }
    }
}

impl<V: Clone> VersionedCache<V> {
    /// The value for `key` if it was stored for `version`.
    pub fn get(&self, version: i64, key: &str) -> Option<V> {
        let e = self.inner.read().unwrap_or_else(|p| p.into_inner());
        if e.0 == version { e.1.get(key).cloned() } else { None }
    }

    /// Stores a value computed from data of `version`.
    pub fn put(&self, version: i64, key: String, value: V) {
        let mut e = self.inner.write().unwrap_or_else(|p| p.into_inner());
        if e.0 != version || e.1.len() >= LIMIT {
            e.1.clear();
            e.0 = version;
        }
        e.1.insert(key, value);
    }

    /// The value for `key` at `version`, computed by `f` and stored when absent.
    pub fn get_or_try_insert<E>(&self, version: i64, key: String, f: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(v) = self.get(version, &key) {
            return Ok(v);
        }
        let v = f()?;
        self.put(version, key, v.clone());
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_version_empties_the_cache() {
        let c: VersionedCache<u32> = VersionedCache::default();
        assert_eq!(c.get(1, "a"), None);
        c.put(1, "a".into(), 7);
        assert_eq!(c.get(1, "a"), Some(7));
        assert_eq!(c.get(2, "a"), None, "stale after a change");
        c.put(2, "b".into(), 8);
        assert_eq!(c.get(2, "a"), None);
        assert_eq!(c.get(1, "b"), None);
    }
}

//! Read caches for what many readers ask for at once (the province dashboard, the index JSON): entries are valid
//! for one [`kkb_store::Store::data_version`], which every import, edit and recompute changes in the same
//! transaction, so a cached figure is never older than the data a reader could otherwise see.
//!
//! A missing entry is computed once: when many readers miss it at once (64 benchmark connections after a start
//! or a change), one computes it and the others wait for it, instead of all computing the same page (which took
//! the province dashboard on PostgreSQL 4 s of 64 renders, about 3,300 queries, before any reader got an answer).
//! The wait blocks its thread: entries are computed and awaited in store work ([`crate::App::db`], the blocking
//! pool), never on the async workers; there only [`VersionedCache::get`] is used.

use std::collections::{HashMap, HashSet};
use std::sync::{Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How long a reader waits for another to compute the entry it needs, before computing it too.
const WAIT_FOR_OTHER: Duration = Duration::from_secs(5);

/// Entries kept before the cache is emptied (bounds memory; a dashboard body is about 100 KB).
const LIMIT: usize = 512;

/// A map from a request key to a rendered value, valid for one data version.
pub struct VersionedCache<V> {
    inner: RwLock<(i64, HashMap<String, V>)>,
    /// The (version, key) pairs being computed now.
    computing: Mutex<HashSet<(i64, String)>>,
    computed: Condvar,
}

impl<V> Default for VersionedCache<V> {
    fn default() -> Self {
        VersionedCache {
            inner: RwLock::new((i64::MIN, HashMap::new())),
            computing: Mutex::default(),
            computed: Condvar::new(),
        }
    }
}

/// Ends a computation, also when it fails: the waiting readers look again.
struct Computing<'a, V> {
    cache: &'a VersionedCache<V>,
    entry: Option<(i64, String)>,
}

impl<V> Drop for Computing<'_, V> {
    fn drop(&mut self) {
        if let Some(entry) = self.entry.take() {
            self.cache.computing.lock().unwrap_or_else(|p| p.into_inner()).remove(&entry);
            self.cache.computed.notify_all();
        }
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

    /// The value for `key` at `version`, computed by `f` and stored when absent. While another caller computes
    /// the same entry, waits for it (at most a few seconds) instead of computing it too.
    pub fn get_or_try_insert<E>(&self, version: i64, key: String, f: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(v) = self.get(version, &key) {
            return Ok(v);
        }
        let entry = (version, key);
        let deadline = Instant::now() + WAIT_FOR_OTHER;
        let mut computing = self.computing.lock().unwrap_or_else(|p| p.into_inner());
        while computing.contains(&entry) {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else { break };
            computing = self.computed.wait_timeout(computing, left).unwrap_or_else(|p| p.into_inner()).0;
            if let Some(v) = self.get(version, &entry.1) {
                return Ok(v);
            }
        }
        computing.insert(entry.clone());
        drop(computing);
        let mine = Computing { cache: self, entry: Some(entry) };
        let v = f()?;
        let key = mine.entry.as_ref().map(|e| e.1.clone()).unwrap_or_default();
        self.put(version, key, v.clone());
        drop(mine);
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

    #[test]
    fn readers_missing_the_same_entry_at_once_compute_it_once() {
        let c: VersionedCache<u32> = VersionedCache::default();
        let computed = std::sync::atomic::AtomicU32::new(0);
        std::thread::scope(|s| {
            let readers: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        c.get_or_try_insert(1, "page".into(), || {
                            computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(200));
                            Ok::<_, ()>(42)
                        })
                    })
                })
                .collect();
            for r in readers {
                assert_eq!(r.join().unwrap(), Ok(42));
            }
        });
        assert_eq!(computed.load(std::sync::atomic::Ordering::SeqCst), 1);
        // A failed computation lets the next reader compute.
        assert_eq!(c.get_or_try_insert(2, "page".into(), || Err::<u32, _>("down")), Err("down"));
        assert_eq!(c.get_or_try_insert(2, "page".into(), || Ok::<_, &str>(7)), Ok(7));
    }
}

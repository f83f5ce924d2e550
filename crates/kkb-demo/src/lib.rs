//! The demo's data beyond its synthetic PK round: one user per role ([`demo_users`]), the Kampung KB registry
//! ([`demo_kampung`]) and the cross-sector action plans ([`demo_plans`]), for Bengkulu (province 17).
//!
//! A crate of its own so that the web application does not carry the demo, and the demo only the domain and the
//! store: what it needs of the web side (password hashing, the phones' Digest secret, the password policy) comes
//! in through [`Credentials`]. `kampungkb demo` and the web tests call it.

mod kampung;
mod plans;
mod users;

pub use kampung::{DEMO_KAMPUNG, demo_kampung};
pub use plans::demo_plans;
pub use users::{Credentials, DemoLogin, demo_users};

/// A small deterministic generator (splitmix64) so that the demo registry is the same on every run.
pub(crate) struct Mix(pub(crate) u64);

impl Mix {
    /// The next number.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::Mix;

    #[test]
    fn the_generator_repeats_itself_and_stays_below_its_bound() {
        let draw = |seed| {
            let mut m = Mix(seed);
            (0..100).map(|_| m.below(7)).collect::<Vec<_>>()
        };
        assert_eq!(draw(2022), draw(2022), "the same registry on every run");
        assert_ne!(draw(2022), draw(2026));
        assert!(draw(1).iter().all(|n| *n < 7));
        assert_eq!(Mix(5).below(0), 0, "an empty range gives 0, not a division by zero");
    }
}

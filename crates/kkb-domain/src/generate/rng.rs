//! The generator's own small PRNG (xoshiro256** seeded through SplitMix64) and the draws it needs, so the crate
//! needs no `rand` dependency and the output never changes with a dependency's version.

/// A yes/no item: P(yes) = logistic(a + b × prosperity).
#[derive(Clone, Copy)]
pub(super) struct Item {
    pub(super) a: f64,
    pub(super) b: f64,
}

/// xoshiro256** seeded through SplitMix64.
pub(super) struct Rng([u64; 4]);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        let mut sm = seed;
        let mut next = || {
            sm = sm.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = sm;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng([next(), next(), next(), next()])
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// Uniform in [0, 1).
    pub(super) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (n > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    pub(super) fn between(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i32
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Standard normal (Box-Muller).
    pub(super) fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    pub(super) fn normal_in(&mut self, mean: f64, sd: f64, lo: f64, hi: f64) -> f64 {
        (mean + sd * self.normal()).clamp(lo, hi)
    }

    pub(super) fn age(&mut self, mean: f64, sd: f64, lo: i32, hi: i32) -> i32 {
        self.normal_in(mean, sd, f64::from(lo), f64::from(hi)).round() as i32
    }

    /// Exponential with the given mean.
    pub(super) fn exp(&mut self, mean: f64) -> f64 {
        -(1.0 - self.f64()).ln() * mean
    }

    /// Answer code: 1 with probability logistic(x), else 2.
    pub(super) fn yes_no(&mut self, x: f64) -> u8 {
        if self.chance(1.0 / (1.0 + (-x).exp())) { 1 } else { 2 }
    }

    pub(super) fn item(&mut self, item: Item, prosperity: f64) -> u8 {
        self.yes_no(item.a + item.b * prosperity)
    }

    pub(super) fn pick<T: Copy>(&mut self, table: &[(T, u32)]) -> T {
        let total: u32 = table.iter().map(|e| e.1).sum();
        let mut r = self.below(u64::from(total)) as u32;
        for &(v, w) in table {
            if r < w {
                return v;
            }
            r -= w;
        }
        table[table.len() - 1].0
    }
}

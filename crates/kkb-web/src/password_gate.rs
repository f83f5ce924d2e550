//! Password checks cost 19 MiB and tens of milliseconds of CPU each (Argon2id). Unbounded, a burst of parallel
//! logins exhausts memory and starves every other request, so at most one check per core runs at a time, on the
//! blocking pool (never on the async workers); the others wait in line for [`Gate::WAIT`] at most and are then told
//! that the server is busy. Together with [`crate::auth::Throttle::begin`], which counts an attempt before it is
//! checked, a burst from one address costs at most the throttle's limit in hashes.

use crate::AppError;
use crate::auth::Passwords;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

/// The bounded line of password checks.
pub struct Gate {
    permits: Arc<Semaphore>,
    wait: Duration,
    checks: Arc<AtomicU64>,
}

impl Gate {
    /// How long a check waits for its turn by default.
    pub const WAIT: Duration = Duration::from_secs(10);

    /// A gate letting `parallel` checks run at once (at least one), each waiting at most `wait` for its turn.
    pub fn new(parallel: usize, wait: Duration) -> Gate {
        Gate { permits: Arc::new(Semaphore::new(parallel.max(1))), wait, checks: Arc::default() }
    }

    /// One check per core.
    pub fn per_core() -> Gate {
        Gate::new(std::thread::available_parallelism().map_or(2, usize::from), Gate::WAIT)
    }

    /// How many passwords (and dummy hashes for unknown users) have been checked since start.
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }

    /// Holds every turn, as a burst of checks would (tests use it to see the "busy" answer).
    pub async fn hold_all(&self) -> Vec<tokio::sync::OwnedSemaphorePermit> {
        let mut held = Vec::new();
        while let Ok(p) = self.permits.clone().try_acquire_owned() {
            held.push(p);
        }
        held
    }

    /// Whether `password` matches the PHC string `stored`; with `None` (an unknown user) a dummy hash is checked,
    /// so that the answer takes as long. [`AppError::Busy`] if no turn came within the wait.
    pub async fn verify(&self, passwords: &Passwords, password: &str, stored: Option<&str>) -> Result<bool, AppError> {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| AppError::Busy)?
            .map_err(|_| AppError::Busy)?;
        let (passwords, password, stored) = (passwords.clone(), password.to_string(), stored.map(str::to_string));
        let checks = self.checks.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            checks.fetch_add(1, Ordering::Relaxed);
            match stored {
                Some(h) => passwords.verify(&password, &h),
                None => {
                    let _ = passwords.verify(&password, dummy_hash(&passwords));
                    false
                }
            }
        })
        .await
        .map_err(|e| AppError::Internal(format!("password check: {e}")))
    }
}

/// A hash of a random password, used to spend the same time on unknown usernames as on known ones.
fn dummy_hash(p: &Passwords) -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| p.hash(&crate::auth::random_token()))
}

/// A PHC string for a new password, hashed on the blocking pool.
pub async fn hash(passwords: &Passwords, password: &str) -> Result<String, AppError> {
    let (passwords, password) = (passwords.clone(), password.to_string());
    tokio::task::spawn_blocking(move || passwords.hash(&password))
        .await
        .map_err(|e| AppError::Internal(format!("password hash: {e}")))
}

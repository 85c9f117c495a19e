//! Requests per minute per token: a fixed one-minute window in this process's memory.
//! (With several server processes each counts its own share; put the limit a bank sets
//! per process accordingly.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone, Default)]
pub struct RateLimiter {
    windows: Arc<Mutex<HashMap<i64, (u64, u32)>>>,
}

impl RateLimiter {
    /// Counts a request of `token` against `per_minute`; `Err(seconds)` until the next
    /// window when the limit is reached.
    pub fn check(&self, token: i64, per_minute: u32) -> Result<u32, u64> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        self.check_at(token, per_minute, now)
    }

    /// As `check`, at `now` (seconds since the epoch). Returns the requests left.
    pub fn check_at(&self, token: i64, per_minute: u32, now: u64) -> Result<u32, u64> {
        let minute = now / 60;
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (m, _)| *m == minute);
        }
        let entry = windows.entry(token).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        if entry.1 >= per_minute {
            return Err(60 - now % 60);
        }
        entry.1 += 1;
        Ok(per_minute - entry.1)
    }
}

#[cfg(test)]
mod tests {
    use super::RateLimiter;

    #[test]
    fn a_token_gets_its_rate_per_minute_then_waits_for_the_next() {
        let limiter = RateLimiter::default();
        let t0 = 1_800_000_000 - 1_800_000_000 % 60;
        assert_eq!(limiter.check_at(1, 2, t0), Ok(1));
        assert_eq!(limiter.check_at(1, 2, t0 + 10), Ok(0));
        assert_eq!(limiter.check_at(1, 2, t0 + 15), Err(45));
        assert_eq!(limiter.check_at(2, 2, t0 + 15), Ok(1), "each token has its own");
        assert_eq!(limiter.check_at(1, 2, t0 + 60), Ok(1), "a new minute");
    }
}

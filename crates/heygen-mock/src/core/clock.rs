//! The mock's clock: real time scaled by a speed, plus whatever tests or users advanced it by.
//!
//! Every lifecycle, expiry and rate window reads this clock, never the system clock, so a test
//! can freeze time (`speed = 0`) and step it, moto-style.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

/// Mock time in milliseconds since the Unix epoch.
pub type Millis = u64;

/// The latest instant mock time reaches: 9999-12-31T23:59:59.999 UTC. Time pushed further
/// stays here, so that adding any lifetime to "now" (a code's ten minutes, a token's TTL, a
/// rate window) still lands in the future instead of saturating at `u64::MAX`, where codes
/// would be born expired and rate windows would never hold a second request.
pub const MAX_MS: Millis = 253_402_300_799_999;

/// A scalable, advanceable clock.
#[derive(Debug)]
pub struct MockClock {
    started: Instant,
    start_ms: Millis,
    speed: f64,
    advanced_ms: AtomicU64,
}

impl MockClock {
    /// Starts at the current wall-clock time, running at `speed` (0 freezes it).
    pub fn new(speed: f64) -> Self {
        let start_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Self {
            started: Instant::now(),
            start_ms,
            speed: if speed.is_finite() && speed >= 0.0 {
                speed
            } else {
                1.0
            },
            advanced_ms: AtomicU64::new(0),
        }
    }

    /// Now, in mock milliseconds (at most [`MAX_MS`]).
    pub fn now_ms(&self) -> Millis {
        // `as` saturates: an absurd speed gives u64::MAX, capped below.
        let real = self.started.elapsed().as_secs_f64() * 1000.0 * self.speed;
        self.start_ms
            .saturating_add(real as u64)
            .saturating_add(self.advanced_ms.load(Ordering::Relaxed))
            .min(MAX_MS)
    }

    /// Now, in whole mock seconds since the epoch.
    pub fn now_secs(&self) -> u64 {
        self.now_ms() / 1000
    }

    /// Moves mock time forward, stopping at [`MAX_MS`]: time never runs backwards or wraps,
    /// however far it is pushed.
    pub fn advance(&self, by: Duration) {
        let ms = millis(by).min(MAX_MS);
        let _ = self
            .advanced_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |a| {
                Some(a.saturating_add(ms).min(MAX_MS))
            });
    }

    /// Whole real seconds until `mock_ms` of mock time have passed (at least 1), for
    /// `Retry-After`: clients wait in real time. A frozen clock only moves when advanced, so
    /// there the mock seconds are the honest answer.
    pub fn retry_after_secs(&self, mock_ms: Millis) -> u64 {
        let real_ms = if self.speed > 0.0 {
            (mock_ms as f64 / self.speed).ceil() as u64
        } else {
            mock_ms
        };
        real_ms.div_ceil(1000).max(1)
    }

    /// How fast mock time runs.
    pub fn speed(&self) -> f64 {
        self.speed
    }
}

/// Mock milliseconds for a duration.
pub fn millis(d: Duration) -> Millis {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX / 4)
}

/// An ISO-8601 UTC timestamp (`2023-06-28T13:34:51.293528`, HeyGen's style) for mock milliseconds.
pub fn iso8601(ms: Millis) -> String {
    let secs = ms / 1000;
    let micros = (ms % 1000) * 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{micros:06}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm; avoids a date crate for one formatting need.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let clock = MockClock::new(0.0);
        let t0 = clock.now_ms();
        assert_eq!(clock.now_ms(), t0);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now_ms(), t0 + 90_000);
    }

    #[test]
    fn time_pushed_to_the_end_stops_there_with_room_to_add() {
        let clock = MockClock::new(0.0);
        clock.advance(Duration::MAX);
        clock.advance(Duration::from_secs(u64::MAX / 2));
        assert_eq!(clock.now_ms(), MAX_MS);
        assert_eq!(iso8601(clock.now_ms()), "9999-12-31T23:59:59.999000");
        assert!(clock.now_ms().saturating_add(10 * 24 * 3600 * 1000) > clock.now_ms());
        let fast = MockClock::new(f64::MAX);
        assert_eq!(fast.now_ms(), MAX_MS);
    }

    #[test]
    fn retry_after_is_in_real_seconds() {
        assert_eq!(MockClock::new(1.0).retry_after_secs(10_000), 10);
        assert_eq!(MockClock::new(10.0).retry_after_secs(10_000), 1);
        assert_eq!(MockClock::new(0.5).retry_after_secs(10_000), 20);
        assert_eq!(MockClock::new(0.0).retry_after_secs(10_000), 10);
        assert_eq!(MockClock::new(1.0).retry_after_secs(0), 1);
    }

    #[test]
    fn formats_iso8601() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000000");
        assert_eq!(iso8601(1_687_959_291_293), "2023-06-28T13:34:51.293000");
    }
}

//! The account's credit balance. Unlimited unless `--credits N` is given; v3 jobs are charged
//! when they are created (1 credit per started minute of output), and a job the balance
//! cannot cover answers 402 `insufficient_credit`.

use std::sync::Mutex;

use super::{error::ApiError, sync::lock};

/// The balance; `None` is unlimited.
#[derive(Debug)]
pub struct Credits {
    initial: Option<u64>,
    remaining: Mutex<Option<u64>>,
}

/// Credits a job of this many seconds costs: one per started minute, at least one.
pub fn cost_of(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        ((seconds / 60.0).ceil() as u64).max(1)
    } else {
        1
    }
}

impl Credits {
    /// A balance of `initial` credits (`None`: unlimited).
    pub fn new(initial: Option<u64>) -> Self {
        Self {
            initial,
            remaining: Mutex::new(initial),
        }
    }

    /// What is left; `None` when unlimited.
    pub fn remaining(&self) -> Option<u64> {
        *lock(&self.remaining)
    }

    /// Takes `cost` credits, or refuses with 402 and leaves the balance as it was.
    pub fn charge(&self, cost: u64) -> Result<(), ApiError> {
        let mut remaining = lock(&self.remaining);
        match *remaining {
            None => Ok(()),
            Some(left) if left >= cost => {
                *remaining = Some(left - cost);
                Ok(())
            }
            Some(left) => Err(ApiError::insufficient_credit(format!(
                "Your account has {left} credits but this video requires {cost} credits."
            ))),
        }
    }

    /// Gives back credits taken for a job that was then refused (e.g. by the concurrency limit).
    pub fn refund(&self, cost: u64) {
        let mut remaining = lock(&self.remaining);
        if let Some(left) = remaining.as_mut() {
            *left = left.saturating_add(cost);
        }
    }

    /// Back to the starting balance.
    pub fn reset(&self) {
        *lock(&self.remaining) = self.initial;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_until_the_balance_cannot_cover_a_job() {
        let credits = Credits::new(Some(3));
        assert!(credits.charge(2).is_ok());
        let refused = credits.charge(2).unwrap_err();
        assert_eq!(refused.status, 402);
        assert_eq!(credits.remaining(), Some(1), "a refused job takes nothing");
        credits.refund(2);
        assert_eq!(credits.remaining(), Some(3));
        credits.reset();
        assert_eq!(credits.remaining(), Some(3));
        assert!(Credits::new(None).charge(u64::MAX).is_ok());
    }

    #[test]
    fn cost_is_per_started_minute() {
        assert_eq!(cost_of(1.0), 1);
        assert_eq!(cost_of(60.0), 1);
        assert_eq!(cost_of(61.0), 2);
        assert_eq!(cost_of(f64::NAN), 1);
    }
}

//! Routing: who gets which waiting conversation, in what order, and what happens
//! when an operator does not answer or stops working.
//!
//! - `priority`: the queue's order (waiting time, channel, segment, attribute rules);
//! - `eligibility`: who may receive a conversation (language, group, capacity) and who gets it;
//! - `assign`: batch assignment, safe across server processes;
//! - `reassign`: the answer timeout and the end of an operator's work;
//! - `notices`: auto-reply and wait notices to the waiting customer;
//! - `queue`: a customer's place and the supervisor's board;
//! - `settings`: the weights, segments, rules, channels' routing and operators' skills.

pub mod assign;
pub mod eligibility;
pub mod notices;
pub mod priority;
pub mod queue;
pub mod reassign;
pub mod settings;

pub use assign::{assign_and_announce, assign_batch, assign_waiting};
pub use queue::{queue_board, queue_place};
pub use reassign::{end_work, requeue_unanswered, EndWorkMode};
pub use settings::set_skills;

use super::bus::{Bus, BusEvent};
use super::conversations;
use sqlx::PgPool;

/// One pass of the routing worker: unanswered conversations back to the queue,
/// assignment, and wait notices. Runs every few seconds on every server process.
pub async fn tick(pool: &PgPool, bus: &Bus) {
    match requeue_unanswered(pool).await {
        Ok(moved) => {
            for (conversation_id, _) in moved {
                let _ = conversations::announce(pool, bus, conversation_id).await;
            }
        }
        Err(err) => tracing::error!(error = %err, "requeueing unanswered conversations failed"),
    }
    assign_and_announce(pool, bus).await;
    match notices::send_wait_notices(pool).await {
        Ok(sent) => {
            for (customer_id, message) in sent {
                bus.publish(BusEvent::Message {
                    customer_id,
                    operator_id: None,
                    message,
                });
            }
        }
        Err(err) => tracing::error!(error = ?err, "sending wait notices failed"),
    }
}

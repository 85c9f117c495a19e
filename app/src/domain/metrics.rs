//! The formulas of every time metric, as SQL over a conversation aliased `c`. The
//! reports, the dashboard and the operators' personal statistics all use these, so the
//! same conversation gives the same figure everywhere (`docs/metrics.md`).
//!
//! Each is NULL where it does not apply; averages skip NULLs.

/// Queue time: entry into the queue (the customer's first message, `created_at`) → the
/// first assignment to an operator. Inbound conversations only; NULL while never assigned.
pub const QUEUE_SECONDS: &str = "(CASE WHEN c.direction = 'inbound' AND c.first_assigned_at >= c.created_at
    THEN EXTRACT(EPOCH FROM c.first_assigned_at - c.created_at) END)";

/// Reaction (first response) time: the first assignment → the first reply by a person
/// (an operator's message or file; system and bot messages never set `first_response_at`).
/// Inbound conversations only.
pub const REACTION_SECONDS: &str =
    "(CASE WHEN c.direction = 'inbound' AND c.first_response_at >= c.first_assigned_at
    THEN EXTRACT(EPOCH FROM c.first_response_at - c.first_assigned_at) END)";

/// Handling time: the first assignment → the close. Closed conversations only.
pub const HANDLING_SECONDS: &str = "(CASE WHEN c.status = 'closed' AND c.closed_at >= c.first_assigned_at
    THEN EXTRACT(EPOCH FROM c.closed_at - c.first_assigned_at) END)";

/// The customer's latest score for the conversation (a customer may rate again after a
/// resumed chat; the last word counts).
pub const LATEST_RATING: &str = "(SELECT r.score FROM ratings r WHERE r.conversation_id = c.id
    ORDER BY r.created_at DESC, r.id DESC LIMIT 1)";

/// The latest score brought to a 5-point scale (a 10-point 8 is 4.0).
pub const LATEST_RATING_5: &str =
    "(SELECT r.score * 5.0 / r.scale FROM ratings r WHERE r.conversation_id = c.id
    ORDER BY r.created_at DESC, r.id DESC LIMIT 1)";

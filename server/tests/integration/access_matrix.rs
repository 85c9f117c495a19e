//! Every server function declares its access (`app::access`), and the server enforces
//! the declaration: for every permission (and for none), every endpoint answers a
//! holder with anything but a refusal, and everyone else with 403 — over real HTTP.

use crate::common;

use app::access::{Access, SERVER_FUNCTIONS};
use app::permission::Permission;
use sqlx::PgPool;
use std::collections::BTreeSet;

#[test]
fn every_registered_server_function_is_declared_and_no_declaration_is_stale() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    let declared: BTreeSet<String> = SERVER_FUNCTIONS.iter().map(|e| e.path.to_owned()).collect();
    let undeclared: Vec<_> = registered.difference(&declared).collect();
    let stale: Vec<_> = declared.difference(&registered).collect();
    assert!(
        undeclared.is_empty(),
        "server functions without a declared permission: {undeclared:?}"
    );
    assert!(stale.is_empty(), "declarations of no server function: {stale:?}");
}

/// Server functions that end or change the caller's own session are left out of the
/// walk (they are `SignedIn`, checked in the unauthenticated pass).
const SKIPPED: [&str; 2] = ["/api/sign_out", "/api/change_own_password"];

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_full_matrix_of_permissions_and_endpoints(pool: PgPool) {
    let mut holders: Vec<(Option<Permission>, String)> = Vec::new();
    let nobody = common::account_with(&pool, "matrix.none", &[]).await;
    holders.push((None, common::session_cookie(&pool, nobody).await));
    for p in Permission::ALL {
        let login = format!("matrix.{}", p.code());
        let id = common::account_with(&pool, &login, &[p]).await;
        holders.push((Some(p), common::session_cookie(&pool, id).await));
    }
    let addr = common::serve(pool.clone()).await;

    let mut wrong = Vec::new();
    let mut checked = 0;
    for endpoint in SERVER_FUNCTIONS {
        if endpoint.access == Access::Public || SKIPPED.contains(&endpoint.path) {
            continue;
        }
        // Not signed in: refused before anything runs.
        let anonymous = common::http(
            addr,
            "POST",
            endpoint.path,
            "application/x-www-form-urlencoded",
            "",
            None,
        )
        .await;
        if anonymous.status != 401 || !anonymous.body.contains("NotSignedIn") {
            wrong.push(format!(
                "{} anonymous: {} {}",
                endpoint.path, anonymous.status, anonymous.body
            ));
        }
        for (permission, cookie) in &holders {
            let held: Vec<Permission> = permission.iter().copied().collect();
            let admitted = endpoint.access.admits(&held);
            let reply = common::http(
                addr,
                "POST",
                endpoint.path,
                "application/x-www-form-urlencoded",
                "",
                Some(cookie),
            )
            .await;
            let refused = reply.body.contains("\"Forbidden\"");
            let code = permission.map(|p| p.code()).unwrap_or("none");
            if admitted && refused {
                wrong.push(format!("{} with {code}: refused though declared", endpoint.path));
            }
            if !admitted && !(reply.status == 403 && refused) {
                wrong.push(format!(
                    "{} with {code}: {} {}",
                    endpoint.path, reply.status, reply.body
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} calls");
    assert!(
        wrong.is_empty(),
        "{} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );

    // Anything under /api/ that nobody declared is refused, even to the signed in.
    let (_, cookie) = &holders[1];
    let undeclared = common::http(
        addr,
        "POST",
        "/api/no_such_function",
        "application/json",
        "{}",
        Some(cookie),
    )
    .await;
    assert_eq!(undeclared.status, 403, "{}", undeclared.body);

    // Refusals are journalled with who, where from and what was needed.
    let (login, ip, agent, details): (String, Option<String>, Option<String>, String) = sqlx::query_as(
        "SELECT login, ip, user_agent, details FROM audit_events
         WHERE event = 'access.denied' AND target = '/api/list_roles' ORDER BY id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(login, "matrix.none");
    assert_eq!(ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(agent.as_deref(), Some("integration-test/1.0"));
    assert!(
        details.contains("roles.manage") && details.contains("users.manage"),
        "{details}"
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn staff_downloads_are_checked_too(pool: PgPool) {
    let reader = common::account_with(&pool, "dl.reader", &[Permission::ReportsView]).await;
    let exporter = common::account_with(&pool, "dl.exporter", &[Permission::ReportsExport]).await;
    let auditor = common::account_with(&pool, "dl.auditor", &[Permission::AuditView]).await;
    let operator = common::account_with(&pool, "dl.operator", &[Permission::ConversationsHandle]).await;
    let operator = common::session_cookie(&pool, operator).await;
    let reader = common::session_cookie(&pool, reader).await;
    let exporter = common::session_cookie(&pool, exporter).await;
    let auditor = common::session_cookie(&pool, auditor).await;
    let addr = common::serve(pool.clone()).await;
    for route in app::access::ROUTES {
        let allowed = match route.access {
            Access::AnyOf(p) => p,
            _ => panic!("{} should need a permission", route.path),
        };
        for (cookie, holds) in [
            (&reader, Permission::ReportsView),
            (&exporter, Permission::ReportsExport),
            (&auditor, Permission::AuditView),
            (&operator, Permission::ConversationsHandle),
        ] {
            let reply = common::http(addr, "GET", route.path, "text/plain", "", Some(cookie)).await;
            if allowed.contains(&holds) {
                assert_ne!(
                    reply.status,
                    403,
                    "{} with {}: {}",
                    route.path,
                    holds.code(),
                    reply.body
                );
            } else {
                assert_eq!(
                    reply.status,
                    403,
                    "{} with {}: {}",
                    route.path,
                    holds.code(),
                    reply.body
                );
            }
        }
        let anonymous = common::http(addr, "GET", route.path, "text/plain", "", None).await;
        assert_eq!(anonymous.status, 401, "{}", route.path);
    }
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_settings_change_is_journalled_with_before_and_after(pool: PgPool) {
    let admin = common::account_with(&pool, "settings.admin", &[Permission::SettingsRouting]).await;
    let cookie = common::session_cookie(&pool, admin).await;
    let addr = common::serve(pool.clone()).await;
    let body = r#"{"code":"lunch","name":"Lunch","receives_chats":false,"recommended_minutes":30}"#;
    let first = common::http(
        addr,
        "POST",
        "/api/save_state",
        "application/json",
        body,
        Some(&cookie),
    )
    .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let body = r#"{"code":"lunch","name":"Lunch break","receives_chats":false,"recommended_minutes":45}"#;
    let second = common::http(
        addr,
        "POST",
        "/api/save_state",
        "application/json",
        body,
        Some(&cookie),
    )
    .await;
    assert_eq!(second.status, 200, "{}", second.body);
    // A save that changes nothing leaves no record.
    let third = common::http(
        addr,
        "POST",
        "/api/save_state",
        "application/json",
        body,
        Some(&cookie),
    )
    .await;
    assert_eq!(third.status, 200, "{}", third.body);

    let records: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT login, target, details FROM audit_events WHERE event = 'settings.changed' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(records.len(), 2, "{records:?}");
    let (login, target, details) = &records[1];
    assert_eq!(login, "settings.admin");
    assert_eq!(target, "save_state");
    let details: serde_json::Value = serde_json::from_str(details).unwrap();
    assert_eq!(details["area"], "routing");
    let change = &details["changes"]["operator_states"];
    assert_eq!(change["before"][0]["name"], "Lunch");
    assert_eq!(change["before"][0]["recommended_minutes"], 30);
    assert_eq!(change["after"][0]["name"], "Lunch break");
    assert_eq!(change["after"][0]["recommended_minutes"], 45);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn every_declared_settings_read_runs(pool: PgPool) {
    for endpoint in SERVER_FUNCTIONS {
        if let Some(settings) = endpoint.settings {
            let snapshot = app::domain::audit::settings::snapshot(&pool, &settings).await;
            assert!(snapshot.is_ok(), "{}: {:?}", endpoint.path, snapshot.err());
        }
    }
}

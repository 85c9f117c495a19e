use crate::error::AppError;
use leptos::prelude::*;

/// Ends the session and clears its cookie.
#[server(name = SignOut, prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::domain::sessions;
    use http::request::Parts;

    let state = super::guard::state();
    if let Some(token) = use_context::<Parts>().and_then(|p| super::guard::token_from_headers(&p.headers)) {
        // Signing out ends the operator's shift and puts them offline.
        if let Ok(user) = sessions::resolve(&state.pool, &token).await {
            let _ = crate::domain::presence::sign_out(&state.pool, user.id).await;
            crate::license::free_seat(&state, user.id, "sign_out").await;
            super::guard::audit(&state, &user, "auth.logout", &user.login, &serde_json::json!({})).await;
        }
        sessions::close(&state.pool, &token).await?;
    }
    super::login::set_session_cookie(&format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        sessions::COOKIE_NAME
    ));
    leptos_axum::redirect("/login");
    Ok(())
}

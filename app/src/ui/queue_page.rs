//! The supervisor's live queue: waiting conversations with their place and wait, and
//! operators with state, time in state and load against capacity.

use super::guarded::Guarded;
use super::layout::Layout;
use super::state_switch::{clock_text, state_name};
use crate::chat::queue_board;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;

#[component]
pub fn QueuePage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ConversationsViewAll] page=queue_page /> }
}

fn queue_page(user: CurrentUser) -> AnyView {
    view! { <Layout user><QueueBoardView /></Layout> }.into_any()
}

#[component]
fn QueueBoardView() -> impl IntoView {
    let i18n = use_i18n();
    let board = Resource::new(|| (), |_| queue_board());
    keep_live(board);
    let data = move || board.get().and_then(|r| r.ok());
    view! {
        <main class="page wide">
            <h1>{t!(i18n, board_title)}</h1>
            <Transition fallback=|| ()>
                <section>
                    <h2>{t!(i18n, board_waiting)} " " <span class="count">{move || data().map(|b| b.waiting.len())}</span></h2>
                    <table class="grid" data-testid="board-waiting">
                        <thead>
                            <tr>
                                <th>"#"</th>
                                <th>{t!(i18n, col_customer)}</th>
                                <th>{t!(i18n, col_channel)}</th>
                                <th>{t!(i18n, col_language)}</th>
                                <th>{t!(i18n, col_waiting)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || data().map(|b| b.waiting.into_iter().map(|w| view! {
                                <tr>
                                    <td>{w.place}</td>
                                    <td>{w.customer_name}</td>
                                    <td>{w.channel_name}</td>
                                    <td>{w.language}</td>
                                    <td>{clock_text(w.waited_seconds)}</td>
                                </tr>
                            }).collect_view())}
                        </tbody>
                    </table>
                </section>
                <section>
                    <h2>{t!(i18n, board_operators)}</h2>
                    <table class="grid" data-testid="board-operators">
                        <thead>
                            <tr>
                                <th>{t!(i18n, col_name)}</th>
                                <th>{t!(i18n, col_state)}</th>
                                <th>{t!(i18n, col_in_state)}</th>
                                <th>{t!(i18n, col_load)}</th>
                                <th>{t!(i18n, col_language)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || data().map(|b| b.operators.into_iter().map(|o| {
                                let state = o.state.clone();
                                view! {
                                    <tr>
                                        <td title=o.login>{o.display_name}</td>
                                        <td>{move || state_name(i18n, &state)}</td>
                                        <td>{clock_text(o.seconds_in_state)}</td>
                                        <td>{format!("{} / {}", o.load, o.capacity)}</td>
                                        <td>{o.languages.join(", ")}</td>
                                    </tr>
                                }
                            }).collect_view())}
                        </tbody>
                    </table>
                </section>
            </Transition>
        </main>
    }
}

/// Reloads the board on every queue or state change pushed over the staff socket, and
/// every 5 s for the clocks.
#[cfg(feature = "hydrate")]
fn keep_live(board: Resource<Result<crate::model::QueueBoard, crate::error::AppError>>) {
    use crate::realtime::StaffSocket;
    use protocol::staff::StaffEvent;
    let socket = StoredValue::new_local(None::<StaffSocket>);
    Effect::new(move |_| {
        let on_event = move |event| {
            if matches!(
                event,
                StaffEvent::Conversation { .. } | StaffEvent::OperatorState { .. }
            ) {
                board.refetch();
            }
        };
        socket.set_value(Some(StaffSocket::connect(
            on_event,
            move |_| board.refetch(),
            || {},
        )));
        if let Ok(handle) =
            set_interval_with_handle(move || board.refetch(), std::time::Duration::from_secs(5))
        {
            on_cleanup(move || handle.clear());
        }
    });
    on_cleanup(move || {
        if let Some(s) = socket.try_get_value().flatten() {
            s.stop();
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn keep_live(_board: Resource<Result<crate::model::QueueBoard, crate::error::AppError>>) {}

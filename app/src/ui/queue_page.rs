//! The supervisor's live queue: waiting conversations with their place and wait, and
//! operators with state, time in state and load against capacity.

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::routing_settings::segments_table::segment_name;
use super::state_switch::{clock_text, state_name};
use crate::chat::{end_operator_work, queue_board};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;

#[component]
pub fn QueuePage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ConversationsViewAll] page=queue_page /> }
}

fn queue_page(user: CurrentUser) -> AnyView {
    let can_end_work = user.can(Permission::OperatorsEndWork);
    view! { <Layout user><QueueBoardView can_end_work /></Layout> }.into_any()
}

#[component]
fn QueueBoardView(can_end_work: bool) -> impl IntoView {
    let i18n = use_i18n();
    let board = Resource::new(|| (), |_| queue_board());
    let end_error = RwSignal::new(None::<AppError>);
    let end_work = move |operator_id: i64, redistribute: bool| {
        leptos::task::spawn_local(async move {
            match end_operator_work(operator_id, redistribute).await {
                Ok(_) => {
                    end_error.set(None);
                    board.refetch();
                }
                Err(e) => end_error.set(Some(e)),
            }
        });
    };
    keep_live(board);
    let data = move || board.get().and_then(|r| r.ok());
    view! {
        <main class="page wide">
            <h1>{t!(i18n, board_title)}</h1>
            {move || end_error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
            <Transition fallback=|| ()>
                <section>
                    <h2>{t!(i18n, board_waiting)} " " <span class="count">{move || data().map(|b| b.waiting.len())}</span></h2>
                    <table class="grid" data-testid="board-waiting">
                        <thead>
                            <tr>
                                <th>"#"</th>
                                <th>{t!(i18n, col_priority)}</th>
                                <th>{t!(i18n, col_customer)}</th>
                                <th>{t!(i18n, col_segment)}</th>
                                <th>{t!(i18n, col_channel)}</th>
                                <th>{t!(i18n, col_group)}</th>
                                <th>{t!(i18n, col_language)}</th>
                                <th>{t!(i18n, col_waiting)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || data().map(|b| b.waiting.into_iter().map(|w| {
                                let segment = w.segment.clone();
                                view! {
                                    <tr data-conversation=w.conversation_id>
                                        <td>{w.place}</td>
                                        <td>{w.priority}</td>
                                        <td>{w.customer_name}</td>
                                        <td>{move || segment.as_ref().map(|s| segment_name(i18n, &s.code, s.built_in, &s.name))}</td>
                                        <td>{w.channel_name}</td>
                                        <td>{w.group_name}</td>
                                        <td>{w.language}</td>
                                        <td>{clock_text(w.waited_seconds)}</td>
                                    </tr>
                                }
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
                                <Show when=move || can_end_work><th>{t!(i18n, col_end_work)}</th></Show>
                            </tr>
                        </thead>
                        <tbody>
                            {move || data().map(|b| b.operators.into_iter().map(|o| {
                                let state = o.state.clone();
                                let id = o.id;
                                view! {
                                    <tr>
                                        <td title=o.login>{o.display_name}</td>
                                        <td>{move || state_name(i18n, &state)}</td>
                                        <td>{clock_text(o.seconds_in_state)}</td>
                                        <td>{format!("{} / {}", o.load, o.capacity)}</td>
                                        <td>{o.languages.join(", ")}</td>
                                        <Show when=move || can_end_work>
                                            <td class="actions">
                                                <button type="button" on:click=move |_| end_work(id, true)>
                                                    {t!(i18n, end_work_redistribute)}
                                                </button>
                                                <button type="button" on:click=move |_| end_work(id, false)>
                                                    {t!(i18n, end_work_return)}
                                                </button>
                                            </td>
                                        </Show>
                                    </tr>
                                }
                            }).collect_view())}
                        </tbody>
                    </table>
                </section>
                <LiveMarker />
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
                StaffEvent::Conversation { .. }
                    | StaffEvent::OperatorState { .. }
                    | StaffEvent::QueueReordered
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

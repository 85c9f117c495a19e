//! Publishing news (permission `news.publish`): topic, text, and the audience — every
//! staff member or chosen operator groups; below, the published news with how many of
//! their audience have read them.

use crate::error::AppError;
use crate::i18n::*;
use crate::model::{CurrentUser, OperatorGroup};
use crate::news::model::{DraftProblem, NewsDraft, PublishedNews, BODY_MAX, TITLE_MAX};
use crate::news::{news_board, publish_news};
use crate::permission::Permission;
use crate::time::date_time;
use crate::ui::error_text::error_text;
use crate::ui::guarded::Guarded;
use crate::ui::layout::Layout;
use crate::ui::live_marker::LiveMarker;
use leptos::prelude::*;

#[component]
pub fn NewsManagePage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::NewsPublish] page=manage_page /> }
}

fn manage_page(user: CurrentUser) -> AnyView {
    let offset = user.utc_offset_seconds;
    view! { <Layout user><NewsManage offset /></Layout> }.into_any()
}

fn problem_text(i18n: leptos_i18n::I18nContext<Locale>, p: DraftProblem) -> String {
    match p {
        DraftProblem::TitleMissing => t_string!(i18n, news_err_title_missing).to_string(),
        DraftProblem::TitleTooLong => {
            let max = TITLE_MAX;
            t_string!(i18n, news_err_title_too_long, max).to_string()
        }
        DraftProblem::BodyMissing => t_string!(i18n, news_err_body_missing).to_string(),
        DraftProblem::BodyTooLong => {
            let max = BODY_MAX;
            t_string!(i18n, news_err_body_too_long, max).to_string()
        }
        DraftProblem::NoAudience => t_string!(i18n, news_err_no_audience).to_string(),
    }
}

#[component]
fn NewsManage(offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let board = Resource::new(|| (), |_| news_board());
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let for_all = RwSignal::new(true);
    let chosen = RwSignal::new(Vec::<i64>::new());
    let problems = RwSignal::new(Vec::<DraftProblem>::new());
    let outcome = RwSignal::new(None::<Result<(), AppError>>);
    let busy = RwSignal::new(false);
    let has = move |p: DraftProblem| problems.read().contains(&p);
    let field_error = move |list: &'static [DraftProblem]| {
        move || {
            problems
                .read()
                .iter()
                .find(|p| list.contains(p))
                .map(|p| view! { <span class="field-error" role="alert">{problem_text(i18n, *p)}</span> })
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = NewsDraft {
            title: title.get_untracked(),
            body: body.get_untracked(),
            for_all: for_all.get_untracked(),
            group_ids: chosen.get_untracked(),
        };
        let found = draft.problems();
        outcome.set(None);
        if !found.is_empty() || busy.get_untracked() {
            problems.set(found);
            return;
        }
        problems.set(Vec::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match publish_news(draft).await {
                Ok(_) => {
                    title.set(String::new());
                    body.set(String::new());
                    outcome.set(Some(Ok(())));
                    board.refetch();
                }
                // The form keeps what was written.
                Err(e) => outcome.set(Some(Err(e))),
            }
            busy.set(false);
        });
    };
    view! {
        <main class="page wide settings news-manage">
            <h1>{t!(i18n, news_manage_title)}</h1>
            <Transition fallback=|| ()>
                {move || board.get().map(|r| match r {
                    Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    Ok(b) => {
                        let groups = b.groups.clone();
                        view! {
                            <form class="news-form" on:submit=on_submit novalidate>
                                <label>
                                    {t!(i18n, news_field_title)}
                                    <input
                                        type="text"
                                        name="title"
                                        maxlength=TITLE_MAX.to_string()
                                        bind:value=title
                                        aria-invalid=move || (has(DraftProblem::TitleMissing) || has(DraftProblem::TitleTooLong)).to_string()
                                    />
                                    {field_error(&[DraftProblem::TitleMissing, DraftProblem::TitleTooLong])}
                                </label>
                                <label>
                                    {t!(i18n, news_field_body)}
                                    <textarea
                                        name="body"
                                        rows="8"
                                        bind:value=body
                                        aria-invalid=move || (has(DraftProblem::BodyMissing) || has(DraftProblem::BodyTooLong)).to_string()
                                    ></textarea>
                                    {field_error(&[DraftProblem::BodyMissing, DraftProblem::BodyTooLong])}
                                </label>
                                <fieldset class="news-audience">
                                    <legend>{t!(i18n, news_audience)}</legend>
                                    <label class="check">
                                        <input type="radio" name="audience" value="all" prop:checked=move || for_all.get() on:change=move |_| for_all.set(true) />
                                        {t!(i18n, news_audience_all)}
                                    </label>
                                    <label class="check">
                                        <input type="radio" name="audience" value="groups" prop:checked=move || !for_all.get() on:change=move |_| for_all.set(false) />
                                        {t!(i18n, news_audience_groups)}
                                    </label>
                                    <GroupChoice groups for_all chosen />
                                    {field_error(&[DraftProblem::NoAudience])}
                                </fieldset>
                                <div class="news-form-actions">
                                    <button type="submit" class="primary" disabled=move || busy.get()>{t!(i18n, news_publish_button)}</button>
                                    {move || outcome.get().map(|o| match o {
                                        Ok(()) => view! { <span class="saved" role="status">{t!(i18n, news_published)}</span> }.into_any(),
                                        Err(e) => view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> }.into_any(),
                                    })}
                                </div>
                            </form>
                            <PublishedTable published=b.published offset />
                        }
                        .into_any()
                    }
                })}
                <LiveMarker />
            </Transition>
        </main>
    }
}

#[component]
fn GroupChoice(
    groups: Vec<OperatorGroup>,
    for_all: RwSignal<bool>,
    chosen: RwSignal<Vec<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if groups.is_empty() {
        return view! { <p class="hint">{t!(i18n, news_no_groups)}</p> }.into_any();
    }
    view! {
        <div class="checks news-groups" data-testid="news-groups">
            {groups.into_iter().map(|g| {
                let id = g.id;
                view! {
                    <label>
                        <input
                            type="checkbox"
                            value=id
                            prop:checked=move || chosen.read().contains(&id)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.retain(|x| *x != id);
                                    if on {
                                        c.push(id);
                                    }
                                });
                                if on {
                                    for_all.set(false);
                                }
                            }
                        />
                        {g.name}
                    </label>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn PublishedTable(published: Vec<PublishedNews>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    if published.is_empty() {
        return view! { <p class="empty">{t!(i18n, news_none_published)}</p> }.into_any();
    }
    view! {
        <section aria-labelledby="published-title">
            <h2 id="published-title">{t!(i18n, news_published_list)}</h2>
            <table class="grid" data-testid="news-published">
                <thead>
                    <tr>
                        <th>{t!(i18n, news_col_published)}</th>
                        <th>{t!(i18n, news_col_topic)}</th>
                        <th>{t!(i18n, news_col_author)}</th>
                        <th>{t!(i18n, news_audience)}</th>
                        <th>{t!(i18n, news_col_read)}</th>
                    </tr>
                </thead>
                <tbody>
                    {published.into_iter().map(|n| {
                        let read = n.read_count;
                        let total = n.audience_count;
                        let read_by = t_string!(i18n, news_read_by, read, total).to_string();
                        let audience = if n.for_all {
                            t_string!(i18n, news_audience_all).to_string()
                        } else {
                            n.groups.join(", ")
                        };
                        view! {
                            <tr data-news=n.id>
                                <td><time datetime=n.published_at.clone()>{date_time(&n.published_at, offset)}</time></td>
                                <td>{n.title}</td>
                                <td>{n.author.unwrap_or_else(|| "—".to_owned())}</td>
                                <td>{audience}</td>
                                <td>{read_by}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

use super::api_page::ApiPage;
use super::audit_page::AuditPage;
use super::channels_page::ChannelsPage;
use super::dashboard_page::DashboardPage;
use super::history_page::HistoryPage;
use super::home::Home;
use super::kpi_page::KpiPage;
use super::license_page::LicensePage;
use super::login_page::LoginPage;
use super::news::{manage_page::NewsManagePage, news_page::NewsPage};
use super::not_found::NotFound;
use super::password_page::PasswordPage;
use super::personal_stats_page::PersonalStatsPage;
use super::queue_page::QueuePage;
use super::replies_page::RepliesPage;
use super::reports_page::ReportsPage;
use super::roles_page::RolesPage;
use super::routing_settings_page::RoutingSettingsPage;
use super::security_page::SecurityPage;
use super::semiannual_page::SemiannualPage;
use super::staff_page::StaffPage;
use super::staff_reports_page::StaffReportsPage;
use super::topics_page::TopicsPage;
use super::two_factor_page::TwoFactorPage;
use super::workspace::WorkspacePage;
use super::workspace_settings_page::WorkspaceSettingsPage;
use crate::i18n::I18nContextProvider;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around every staff page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <link rel="stylesheet" id="leptos" href="/pkg/contact-center.css" />
                <link rel="icon" href="/favicon.svg" />
                <title>"Contact Center"</title>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            // Pages render whole on the server (`Async`): they work without JavaScript,
            // and a 403 or a redirect is a real HTTP status.
            <Router>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/workspace") view=WorkspacePage ssr=SsrMode::Async />
                    <Route path=path!("/history") view=HistoryPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/staff") view=StaffPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/roles") view=RolesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/license") view=LicensePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/channels") view=ChannelsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/api") view=ApiPage ssr=SsrMode::Async />
                    <Route path=path!("/account/password") view=PasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account/two-factor") view=TwoFactorPage ssr=SsrMode::Async />
                    <Route path=path!("/settings/security") view=SecurityPage ssr=SsrMode::Async />
                    <Route path=path!("/supervision/queue") view=QueuePage ssr=SsrMode::Async />
                    <Route path=path!("/supervision/dashboard") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/settings/routing") view=RoutingSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/settings/topics") view=TopicsPage ssr=SsrMode::Async />
                    <Route path=path!("/news") view=NewsPage ssr=SsrMode::Async />
                    <Route path=path!("/news/manage") view=NewsManagePage ssr=SsrMode::Async />
                    <Route path=path!("/me/stats") view=PersonalStatsPage ssr=SsrMode::Async />
                    <Route path=path!("/settings/workspace") view=WorkspaceSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/replies") view=RepliesPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/conversations") view=ReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/kpi") view=KpiPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/semiannual") view=SemiannualPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/staff") view=StaffReportsPage ssr=SsrMode::Async />
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

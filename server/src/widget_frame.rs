//! The page inside the widget's iframe: a bare document that loads the widget's own
//! lean WASM bundle (not the staff application's).

use axum::response::{Html, IntoResponse};

pub async fn page() -> impl IntoResponse {
    Html(FRAME)
}

const FRAME: &str = r#"<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/widget.css">
</head>
<body>
<div id="cc-widget"></div>
<script type="module">
import init from "/widget/pkg/widget.js";
init({ module_or_path: "/widget/pkg/widget_bg.wasm" });
</script>
</body>
</html>
"#;

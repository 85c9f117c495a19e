/* Contact center web-chat loader. A bank's page includes it with one tag:
 *   <script src="https://chat.bank.example/widget.js" data-channel="KEY" data-lang="ru" async></script>
 * It adds one iframe (served by the contact center, so the chat runs on its own
 * origin) and resizes it when the customer opens or minimises the chat.
 */
(function () {
  var script = document.currentScript;
  if (!script || window.__ccWidget) return;
  window.__ccWidget = true;
  var origin = new URL(script.src).origin;
  var channel = script.getAttribute("data-channel") || "";
  var lang = script.getAttribute("data-lang") || "";
  var frame = document.createElement("iframe");
  frame.src = origin + "/widget/frame?channel=" + encodeURIComponent(channel) + "&lang=" + encodeURIComponent(lang);
  frame.title = "Chat";
  frame.setAttribute("data-cc-widget", "");
  frame.allow = "clipboard-write";
  var closed = "position:fixed;right:16px;bottom:16px;width:72px;height:72px;border:0;z-index:2147483000;background:transparent;color-scheme:normal;";
  function openStyle() {
    return window.innerWidth < 600
      ? "position:fixed;inset:0;width:100%;height:100%;border:0;z-index:2147483000;background:transparent;"
      : "position:fixed;right:16px;bottom:16px;width:380px;height:600px;max-height:calc(100vh - 32px);border:0;z-index:2147483000;background:transparent;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.18);";
  }
  var isOpen = false;
  frame.style.cssText = closed;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    if (event.data === "cc-widget:open") { isOpen = true; frame.style.cssText = openStyle(); }
    if (event.data === "cc-widget:close") { isOpen = false; frame.style.cssText = closed; }
  });
  window.addEventListener("resize", function () { if (isOpen) frame.style.cssText = openStyle(); });
  (document.body || document.documentElement).appendChild(frame);
})();

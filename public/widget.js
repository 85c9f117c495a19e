/* Contact center web-chat loader. A bank's page includes it with one tag:
 *   <script src="https://chat.bank.example/widget.js" data-channel="KEY" data-lang="ru" async></script>
 * It adds one iframe (served by the contact center, so the chat runs on its own
 * origin) and resizes it when the customer opens or minimises the chat.
 *
 * Browsers deny storage to third-party frames, so the loader keeps the customer's
 * visitor token and language choice in the bank page's own storage and hands them
 * to the frame (the token in the URL fragment, which is never sent to any server).
 */
(function () {
  var script = document.currentScript;
  if (!script || window.__ccWidget) return;
  window.__ccWidget = true;
  var origin = new URL(script.src).origin;
  var channel = script.getAttribute("data-channel") || "";
  var pageLang = script.getAttribute("data-lang") || "";
  // The bank's signed identity of a signed-in customer (optional): its customer id and
  // HMAC-SHA256 of it with the channel's identity secret, computed by the bank's backend.
  var identifier = script.getAttribute("data-identifier") || "";
  var identifierHash = script.getAttribute("data-identifier-hash") || "";
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  function get(key) { try { return store ? store.getItem(key) : null; } catch (e) { return null; } }
  function set(key, value) { try { if (store) store.setItem(key, value); } catch (e) { /* private mode */ } }
  function randomToken() {
    var bytes = new Uint8Array(24);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  var visitorKey = "cc_widget_visitor_" + channel;
  var visitor = get(visitorKey);
  if (!visitor) { visitor = randomToken(); set(visitorKey, visitor); }
  var lang = get("cc_widget_lang") || pageLang;

  var frame = document.createElement("iframe");
  frame.src = origin + "/widget/frame?channel=" + encodeURIComponent(channel) + "&lang=" + encodeURIComponent(lang) +
    "#visitor=" + encodeURIComponent(visitor) +
    (identifier ? "&identifier=" + encodeURIComponent(identifier) + "&identifier_hash=" + encodeURIComponent(identifierHash) : "");
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
    if (event.origin !== origin || event.source !== frame.contentWindow || typeof event.data !== "string") return;
    if (event.data === "cc-widget:open") { isOpen = true; frame.style.cssText = openStyle(); }
    else if (event.data === "cc-widget:close") { isOpen = false; frame.style.cssText = closed; }
    else if (event.data.indexOf("cc-widget:lang:") === 0) { set("cc_widget_lang", event.data.slice(15)); }
  });
  window.addEventListener("resize", function () { if (isOpen) frame.style.cssText = openStyle(); });
  (document.body || document.documentElement).appendChild(frame);
})();

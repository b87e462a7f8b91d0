/* Shared by the phone and projector pages: texts, small DOM helpers, the live state.
   Plain ES2015 without modules, so a phone browser of some years old runs it. Every text
   from a scenario or a team is set with textContent: never parsed as HTML. */
var KK = (function () {
  "use strict";
  var texts = {};
  try { texts = JSON.parse(document.getElementById("texts").textContent); } catch (e) {}

  function T(key, params) {
    var text = texts[key] || key;
    if (params) {
      Object.keys(params).forEach(function (name) {
        text = text.split("{" + name + "}").join(String(params[name]));
      });
    }
    return text;
  }

  function $(id) { return document.getElementById(id); }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function request(method, url, body) {
    var options = { method: method, headers: { "Accept": "application/json" }, cache: "no-store" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  /* Calls onState with every new state: server-sent events, or polling without them. */
  function live(onState, onOffline) {
    var version = -1;
    function take(state) {
      if (state && state.version !== version) { version = state.version; onState(state); }
    }
    function poll() {
      request("GET", "/api/state").then(function (r) { take(r.data); }, onOffline);
    }
    if (window.EventSource) {
      var source = new EventSource("/api/events");
      source.onmessage = function (event) {
        try { take(JSON.parse(event.data)); } catch (e) {}
      };
      source.onerror = function () { onOffline(); };
    } else {
      poll();
      setInterval(poll, 1500);
    }
    return poll;
  }

  function votesLabel(n) { return n === 1 ? T("votes_cast_one") : T("votes_cast", { n: n }); }

  return { T: T, $: $, make: make, clear: clear, request: request, live: live,
           votesLabel: votesLabel };
})();

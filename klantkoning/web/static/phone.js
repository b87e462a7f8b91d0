/* The phone page: join with the room code (and a team), vote, change the vote, see the
   reveal. The token is kept on the phone, so a reload or lost Wi-Fi rejoins the same seat. */
(function () {
  "use strict";
  var T = KK.T, $ = KK.$, make = KK.make, clear = KK.clear;
  var KEY = "klantkoning-room";
  var seat = load();           /* {token, code, team} */
  var state = null;
  var mine = {};               /* beat key -> letter this phone voted */
  var teamChoice = null;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function store(value) {
    try { window.localStorage.setItem(KEY, JSON.stringify(value)); } catch (e) {}
  }
  function status(text) { $("status").textContent = text || ""; }
  var waitingSaid = false;  // the status line says the workshop has not started
  function beatKey(s) {
    return s && s.beat ? [s.scenario.number, s.beat.number, s.beat.id].join(":") : "";
  }

  function codeFromAddress() {
    var match = /[?&]code=(\d{4})/.exec(window.location.search);
    return match ? match[1] : "";
  }

  function showJoin() {
    $("join").hidden = false;
    $("play").hidden = true;
    $("join-title").textContent = T("join_title");
    $("code-label").textContent = T("code_prompt");
    $("team-label").textContent = T("team_prompt");
    $("join-button").textContent = T("join_button");
    if (!$("code").value) { $("code").value = codeFromAddress(); }
    var list = $("team-list");
    var names = (state && state.team_names) || [];
    $("team-box").hidden = !(state && state.mode === "teams");
    if (list.getAttribute("data-teams") !== JSON.stringify(names)) {
      list.setAttribute("data-teams", JSON.stringify(names));
      clear(list);
      names.forEach(function (name, i) {
        var label = make("label", "team");
        var input = make("input");
        input.type = "radio";
        input.name = "team";
        input.value = name;
        input.id = "team-" + i;
        input.onchange = function () { teamChoice = name; };
        label.appendChild(input);
        label.appendChild(make("span", null, name));
        list.appendChild(label);
      });
    }
    if (state && state.phase === "waiting") { status(T("not_started")); waitingSaid = true; }
  }

  function join(event) {
    event.preventDefault();
    var code = $("code").value.trim();
    var body = { code: code };
    if (state && state.mode === "teams") { body.team = teamChoice; }
    status(T("sending"));
    KK.request("POST", "/api/join", body).then(function (r) {
      if (r.status === 200 && r.data.token) {
        seat = { token: r.data.token, code: code, team: body.team || null };
        store(seat);
        status("");
        refresh();
      } else {
        status(r.data.message || String(r.status));
        // Only "not started yet" goes away by itself when the workshop starts.
        waitingSaid = r.data.error === "room.error.not_started";
      }
    }, function () { status(T("offline")); });
  }

  function vote(letter) {
    var key = beatKey(state);
    status(T("sending"));
    KK.request("POST", "/api/vote", { token: seat.token, option: letter }).then(function (r) {
      if (r.status === 200) {
        mine[key] = letter;
        status("");
      } else if (r.status === 403) {
        seat = null;
        store(null);
        status(r.data.message || "");
        showJoin();
        return;
      } else {
        status(r.data.message || String(r.status));
      }
      render();
    }, function () { status(T("offline")); });
  }

  function render() {
    if (!state) { return; }
    if (!seat) { showJoin(); return; }
    $("join").hidden = true;
    $("play").hidden = false;
    $("who").textContent = seat.team ? T("team_label", { team: seat.team }) : T("room_label");
    var options = $("options");
    var result = $("result");
    clear(options);
    clear(result);
    result.hidden = true;
    $("scenario").textContent = state.scenario ? state.scenario.title : "";
    $("moment").textContent = state.beat ? T("moment", { n: state.beat.number }) : "";
    $("prompt").textContent = "";
    $("mine").textContent = "";
    var key = beatKey(state);
    var my = mine[key] || null;
    if (state.phase === "vote") {
      $("prompt").textContent = T("vote_prompt");
      state.options.forEach(function (option) {
        var button = make("button", "option" + (my === option.letter ? " chosen" : ""));
        button.type = "button";
        button.setAttribute("data-letter", option.letter);
        button.setAttribute("aria-pressed", my === option.letter ? "true" : "false");
        button.appendChild(make("span", "letter", option.letter));
        button.appendChild(make("span", "text", option.text));
        button.onclick = function () { vote(option.letter); };
        options.appendChild(button);
      });
      $("mine").textContent = my ? T("your_vote", { letter: my }) : T("no_vote_yet");
    } else if (state.phase === "reveal") {
      result.hidden = false;
      result.appendChild(make("h2", null, T("revealed")));
      var chosen = null;
      state.options.forEach(function (option) { if (option.letter === my) { chosen = option; } });
      if (chosen) {
        var card = make("div", "feedback");
        card.appendChild(make("h3", null, T("your_feedback", { letter: chosen.letter })));
        card.appendChild(make("p", "choice", chosen.text));
        if (chosen.feedback) { card.appendChild(make("p", null, chosen.feedback)); }
        result.appendChild(card);
      } else {
        result.appendChild(make("p", null, T("you_did_not_vote")));
      }
      result.appendChild(make("p", "follows", T("room_follows", { letter: state.follow })));
    } else if (state.phase === "ending" && state.ending) {
      result.hidden = false;
      result.appendChild(make("h2", null, T("ending")));
      result.appendChild(make("p", "outcome", state.ending.outcome_text));
      result.appendChild(make("h3", null, state.ending.title));
      result.appendChild(make("p", null, state.ending.text));
    } else if (state.phase === "end") {
      result.hidden = false;
      result.appendChild(make("h2", null, T("end_title")));
      result.appendChild(make("p", null, T("thanks")));
    } else {
      $("prompt").textContent = T("waiting");
    }
  }

  function refresh() {
    var url = "/api/state" + (seat ? "?token=" + encodeURIComponent(seat.token) : "");
    KK.request("GET", url).then(function (r) {
      state = r.data;
      if (seat && !state.you && state.phase !== "waiting") {
        /* The room no longer knows this phone (another session): join again. */
        seat = null;
        store(null);
      } else if (state.you && state.you.option) {
        mine[beatKey(state)] = state.you.option;
      }
      render();
    }, function () { status(T("offline")); });
  }

  $("join-form").onsubmit = join;
  KK.live(function (next) {
    var wasWaiting = !state || state.phase === "waiting";
    state = next;
    // The workshop has started: "not started yet" (said while waiting, or by a join
    // tried too early) is no longer true.
    if (!seat && waitingSaid && next.phase !== "waiting") { status(""); }
    waitingSaid = waitingSaid && next.phase === "waiting";
    if (seat && wasWaiting) { refresh(); return; }
    if ($("status").textContent === T("offline")) { status(""); }
    render();
  }, function () { status(T("offline")); });
  refresh();
})();

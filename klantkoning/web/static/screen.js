/* The projector page: the moment, the options, a big clock (a bell at zero), how many
   voted; at the reveal the spread and every option's feedback side by side; at the end
   the scoreboard. Never a trainer's note: the state it reads has none. */
(function () {
  "use strict";
  var T = KK.T, $ = KK.$, make = KK.make, clear = KK.clear;
  var state = null;
  var clock = { remaining: 0, running: false, at: 0, rang: false, key: "" };
  var audio = null;

  document.addEventListener("click", function () {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!audio && Ctx) { audio = new Ctx(); }
    $("status").textContent = "";
  });

  function bell() {
    if (!audio) { return; }
    [0, 0.35].forEach(function (delay) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.4, audio.currentTime + delay);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + delay + 1.2);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(audio.currentTime + delay);
      osc.stop(audio.currentTime + delay + 1.3);
    });
  }

  function show(id, on) { $(id).hidden = !on; }

  function tick() {
    if (!state || state.phase !== "vote") { $("clock").hidden = true; return; }
    $("clock").hidden = false;
    var left = clock.remaining;
    if (clock.running) { left -= (Date.now() - clock.at) / 1000; }
    left = Math.max(0, left);
    var whole = Math.ceil(left);
    var text = Math.floor(whole / 60) + ":" + ("0" + (whole % 60)).slice(-2);
    $("clock").textContent = text;
    $("clock").className = "clock" + (clock.running ? " running" : "") + (left <= 0 ? " done" : "");
    if (clock.running && left <= 0 && !clock.rang) {
      clock.rang = true;
      bell();
    }
  }

  function renderScene() {
    var beat = state.beat;
    $("role").textContent = beat.role || "";
    $("role").hidden = !beat.role;
    $("situation").textContent = beat.text;
    $("balloon").hidden = !beat.says;
    $("customer").textContent = beat.customer + ":";
    $("says").textContent = beat.says || "";
    var list = $("options");
    clear(list);
    state.options.forEach(function (option) {
      var item = make("li", "option");
      item.appendChild(make("span", "letter", option.letter));
      item.appendChild(make("span", "text", option.text));
      list.appendChild(item);
    });
  }

  function renderReveal() {
    var box = $("reveal");
    clear(box);
    var total = 0;
    Object.keys(state.tally).forEach(function (k) { total += state.tally[k]; });
    var teamsOf = {};
    if (state.teams) {
      Object.keys(state.teams).forEach(function (team) {
        var letter = state.teams[team];
        (teamsOf[letter] = teamsOf[letter] || []).push(team);
      });
    }
    var grid = make("div", "cards cards-" + state.options.length);
    state.options.forEach(function (option) {
      var n = state.tally[option.letter] || 0;
      var card = make("article", "card" + (option.letter === state.follow ? " followed" : ""));
      card.setAttribute("data-letter", option.letter);
      var head = make("h2");
      head.appendChild(make("span", "letter", option.letter));
      head.appendChild(make("span", "votes", String(n)));
      card.appendChild(head);
      var bar = make("div", "bar");
      var fill = make("div", "fill");
      fill.style.width = (total ? Math.round(100 * n / total) : 0) + "%";
      bar.appendChild(fill);
      card.appendChild(bar);
      card.appendChild(make("p", "choice", option.text));
      if (teamsOf[option.letter]) {
        card.appendChild(make("p", "teams", teamsOf[option.letter].join(", ")));
      }
      if (option.feedback) { card.appendChild(make("p", "feedback", option.feedback)); }
      if (option.letter === state.follow) {
        card.appendChild(make("p", "mark", T("follow") + (state.tie ? " (" + T("tie") + ")" : "")));
      }
      grid.appendChild(card);
    });
    box.appendChild(grid);
  }

  function renderEnding() {
    var box = $("ending");
    clear(box);
    box.appendChild(make("p", "outcome outcome-" + state.ending.outcome, state.ending.outcome_text));
    box.appendChild(make("h1", null, state.ending.title));
    box.appendChild(make("p", null, state.ending.text));
    box.appendChild(make("p", "line", state.ending.outcome_line));
  }

  function renderBoard() {
    var box = $("board");
    clear(box);
    box.appendChild(make("h1", null, T("end_title")));
    var board = state.scoreboard || { teams: [], outcomes: [] };
    if (board.teams.length) {
      box.appendChild(make("h2", null, T("scoreboard")));
      var table = make("table", "scores");
      board.teams.forEach(function (row) {
        var tr = make("tr");
        tr.appendChild(make("td", "place", row.place + "."));
        tr.appendChild(make("td", "team", row.team));
        tr.appendChild(make("td", "points", T("points", { n: row.points })));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    box.appendChild(make("h2", null, T("outcomes")));
    var list = make("ul", "outcomes");
    board.outcomes.forEach(function (o) {
      list.appendChild(make("li", null, o.title + ": " + (o.ending || "—") +
        (o.outcome_text ? " — " + o.outcome_text : "")));
    });
    box.appendChild(list);
  }

  function render() {
    // A resumed workshop brought its own room code: this page shows the old one (and its
    // QR), so load it again.
    if (typeof state.code_epoch === "number" &&
        String(state.code_epoch) !== (document.body.getAttribute("data-code-epoch") || "0")) {
      location.reload();
      return;
    }
    var phase = state.phase;
    document.body.setAttribute("data-phase", phase);
    $("scenario").textContent = state.scenario ? state.scenario.title : "";
    $("moment").textContent = state.beat ? T("moment", { n: state.beat.number }) : "";
    var inBeat = (phase === "vote" || phase === "reveal") && state.beat;
    show("scene", phase === "vote" && inBeat);
    show("reveal", phase === "reveal" && inBeat);
    show("ending", phase === "ending" && !!state.ending);
    show("board", phase === "end");
    if (phase === "vote" && inBeat) { renderScene(); }
    if (phase === "reveal" && inBeat) { renderReveal(); }
    if (phase === "ending" && state.ending) { renderEnding(); }
    if (phase === "end") { renderBoard(); }
    $("count").textContent = inBeat ? KK.votesLabel(state.votes_cast) : "";
    $("top-count").textContent = phase === "reveal" && inBeat ? KK.votesLabel(state.votes_cast) : "";
    if (phase !== (render.phase || "")) { $("main").scrollTop = 0; scroller.pause = 60; }
    render.phase = phase;
    $("count").setAttribute("data-count", String(state.votes_cast || 0));
    if (state.timer) {
      var key = (state.beat ? state.beat.id : "") + ":" + state.timer.length;
      if (key !== clock.key || state.timer.remaining > 0) { clock.rang = false; }
      clock = { remaining: state.timer.remaining, running: state.timer.running,
                at: Date.now(), rang: clock.rang, key: key };
    }
    tick();
  }

  /* Type stays big (24 pt at 1080p at least). When a long moment does not fit the screen,
     the main area scrolls by itself, slowly, with a pause at the top and the bottom. */
  var scroller = { pause: 60, down: true };
  function autoScroll() {
    var main = $("main");
    var room = main.scrollHeight - main.clientHeight;
    if (room <= 2) { main.scrollTop = 0; scroller.pause = 60; return; }
    if (scroller.pause > 0) { scroller.pause -= 1; return; }
    if (main.scrollTop >= room - 1) { main.scrollTop = 0; scroller.pause = 60; return; }
    main.scrollTop += 1;
    if (main.scrollTop >= room - 1) { scroller.pause = 60; }
  }
  setInterval(autoScroll, 50);

  $("status").textContent = T("sound");
  KK.live(function (next) { state = next; render(); },
          function () { $("status").textContent = T("offline"); });
  setInterval(tick, 250);
})();

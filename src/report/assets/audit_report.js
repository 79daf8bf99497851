(function () {
  'use strict';
  var body = document.body;
  window.addEventListener('error', function (e) { body.setAttribute('data-error', String(e.message)); });
  try {
    var rows = JSON.parse(document.getElementById('findings-data').textContent);
    var q = document.getElementById('q'), rule = document.getElementById('rule-filter'),
        level = document.getElementById('level-filter'), tbody = document.querySelector('#findings-table tbody'),
        shown = document.getElementById('shown'), more = document.getElementById('more');
    var page = 200, limit = page, labels = JSON.parse(document.getElementById('labels').textContent);
    var hash = new URLSearchParams(location.hash.slice(1));
    q.value = hash.get('q') || ''; rule.value = hash.get('rule') || ''; level.value = hash.get('level') || '';
    function text(f) { return (f.title + ' ' + f.message + ' ' + f.file + ' ' + f.field + ' ' + f.rule).toLowerCase(); }
    function cell(tr, value, cls) { var td = document.createElement('td'); if (cls) td.className = cls; td.textContent = value; tr.appendChild(td); return td; }
    function render() {
      var needle = q.value.trim().toLowerCase(), r = rule.value, l = level.value, matching = [];
      for (var i = 0; i < rows.length; i++) {
        var f = rows[i];
        if (r && f.rule !== r) continue;
        if (l && f.level !== l) continue;
        if (needle && text(f).indexOf(needle) < 0) continue;
        matching.push(f);
      }
      var frag = document.createDocumentFragment();
      for (var j = 0; j < matching.length && j < limit; j++) {
        var f2 = matching[j], tr = document.createElement('tr');
        var lv = document.createElement('span'); lv.className = 'lvl ' + f2.level; lv.textContent = labels[f2.level] || f2.level;
        cell(tr, '').appendChild(lv);
        cell(tr, f2.rule, 'rule');
        cell(tr, f2.title);
        cell(tr, f2.message + (f2.fix ? ' → ' + f2.fix : ''));
        cell(tr, f2.file + (f2.line ? ':' + f2.line + ':' + f2.column : '') + ' #' + f2.index, 'loc');
        frag.appendChild(tr);
      }
      tbody.replaceChildren(frag);
      shown.textContent = labels.shown.replace('{n}', Math.min(limit, matching.length)).replace('{m}', matching.length);
      body.setAttribute('data-matching', String(matching.length));
      more.hidden = matching.length <= limit;
      var h = new URLSearchParams();
      if (q.value) h.set('q', q.value); if (r) h.set('rule', r); if (l) h.set('level', l);
      var s = h.toString();
      if (history.replaceState) history.replaceState(null, '', s ? '#' + s : location.pathname + location.search);
    }
    function reset() { limit = page; render(); }
    q.addEventListener('input', reset); rule.addEventListener('change', reset); level.addEventListener('change', reset);
    more.addEventListener('click', function () { limit += page; render(); });
    render();
    body.setAttribute('data-ready', '1');
  } catch (e) {
    body.setAttribute('data-error', String(e && e.message || e));
  }
})();

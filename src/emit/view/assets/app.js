// cchc page: send a file or pasted text to /api/check, show the view it
// returns, and take the reader from a finding card to its places.
(function () {
  'use strict';
  var result = document.getElementById('result');
  var status = document.getElementById('status');

  function say(msg) { if (status) { status.textContent = msg; } }

  function errorCard(message, detail) {
    var card = document.createElement('div');
    card.className = 'card read-error sev-error error-card';
    card.setAttribute('role', 'alert');
    var p = document.createElement('p');
    p.className = 'msg';
    p.textContent = message;
    card.appendChild(p);
    if (detail) {
      var d = document.createElement('p');
      d.className = 'detail';
      d.textContent = detail;
      card.appendChild(d);
    }
    result.replaceChildren(card);
  }

  function send(body, headers, name) {
    say('Đang kiểm tra ' + name + '…');
    result.setAttribute('aria-busy', 'true');
    fetch('/api/check?view=html', { method: 'POST', body: body, headers: headers })
      .then(function (r) {
        return r.json().then(
          function (j) { return { ok: r.ok, status: r.status, body: j }; },
          function () { return { ok: false, status: r.status, body: {} }; });
      })
      .then(function (r) {
        if (r.ok) {
          result.innerHTML = r.body.view;
          say('Đã kiểm tra ' + name + '.');
        } else {
          errorCard(r.body.error || ('Máy chủ trả lời lỗi ' + r.status + '.'), r.body.detail);
          say('Không kiểm tra được ' + name + '.');
        }
      })
      .catch(function () {
        errorCard('Không kết nối được với cchc. Hãy xem cửa sổ đang chạy "cchc serve" còn mở không.');
        say('');
      })
      .finally(function () { result.removeAttribute('aria-busy'); });
  }

  function sendFile(file) {
    if (!file) { return; }
    var form = new FormData();
    form.append('file', file, file.name);
    send(form, {}, file.name);
  }

  var input = document.getElementById('file');
  var drop = document.getElementById('upload');
  if (input && drop) {
    input.addEventListener('change', function () { sendFile(input.files[0]); });
    drop.addEventListener('submit', function (ev) { ev.preventDefault(); sendFile(input.files[0]); });
    // A file dropped anywhere on the page is checked (not opened by the browser).
    document.addEventListener('dragover', function (ev) { ev.preventDefault(); drop.classList.add('over'); });
    document.addEventListener('dragleave', function (ev) {
      if (!ev.relatedTarget) { drop.classList.remove('over'); }
    });
    document.addEventListener('drop', function (ev) {
      ev.preventDefault();
      drop.classList.remove('over');
      sendFile(ev.dataTransfer && ev.dataTransfer.files[0]);
    });
  }
  var paste = document.getElementById('paste');
  if (paste) {
    paste.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = document.getElementById('pasted').value;
      if (!text.trim()) { errorCard('Chưa có nội dung: hãy dán văn bản vào ô trước khi kiểm tra.'); return; }
      send(text, { 'Content-Type': 'text/plain; charset=utf-8' }, 'văn bản đã dán');
    });
  }

  // A finding card (click, Enter or Space) scrolls to its places and marks them.
  function show(ids) {
    var els = ids.map(function (id) { return document.getElementById(id); })
      .filter(function (e) { return e; });
    if (!els.length) { return; }
    document.querySelectorAll('.current').forEach(function (e) { e.classList.remove('current'); });
    els.forEach(function (e) { e.classList.add('current'); });
    els[0].scrollIntoView({ block: 'center' });
    els[0].setAttribute('tabindex', '0');
    els[0].focus({ preventScroll: true });
  }
  function targets(card) {
    return (card.getAttribute('data-targets') || '').split(' ').filter(function (s) { return s; });
  }
  document.addEventListener('click', function (ev) {
    var link = ev.target.closest('.finding a[href^="#"]');
    if (link) {
      ev.preventDefault();
      show([link.getAttribute('href').slice(1)]);
      return;
    }
    var card = ev.target.closest('li.finding');
    if (card) { show(targets(card)); }
  });
  document.addEventListener('keydown', function (ev) {
    if ((ev.key === 'Enter' || ev.key === ' ') && ev.target.matches && ev.target.matches('li.finding')) {
      ev.preventDefault();
      show(targets(ev.target));
    }
  });
})();

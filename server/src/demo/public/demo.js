// Stands in for the brand's own login: picks a persona and hands the widget an SSO token,
// exactly as a brand's page would after its user signs in.
(() => {
  var KEY = 'booth-demo-persona';
  var buttons = document.querySelectorAll('[data-persona]');
  var who = document.getElementById('demo-who');

  function board() {
    return document.querySelector('booth-board');
  }

  function whenBoard(fn) {
    var el = board();
    if (el) return fn(el);
    setTimeout(() => {
      whenBoard(fn);
    }, 50);
  }

  function show(persona, name) {
    buttons.forEach((b) => {
      b.setAttribute('aria-pressed', String(b.dataset.persona === persona));
    });
    who.textContent = name ? 'Signed in as ' + name : 'Not signed in (you can post as a guest)';
  }

  function choose(persona) {
    localStorage.setItem(KEY, persona);
    if (persona === 'guest') {
      whenBoard((el) => {
        el.ssoToken = '';
      });
      show('guest', '');
      return;
    }
    fetch('/demo/sso-token?persona=' + persona)
      .then((r) => r.json())
      .then((body) => {
        whenBoard((el) => {
          el.ssoToken = body.token;
        });
        show(persona, body.name);
      });
  }

  buttons.forEach((b) => {
    b.addEventListener('click', () => {
      choose(b.dataset.persona);
    });
  });
  choose(localStorage.getItem(KEY) || 'guest');

  // A brand's admin page sends its staff to the moderation view the same way: a form POST of an
  // SSO token that carries the staff role.
  var moderate = document.getElementById('demo-moderate-sso');
  if (moderate) {
    moderate.addEventListener('click', () => {
      fetch('/demo/sso-token?persona=staff')
        .then((r) => r.json())
        .then((body) => {
          var form = document.createElement('form');
          form.method = 'post';
          form.action = '/moderate/sso';
          [
            ['site', document.querySelector('script[data-site]').dataset.site],
            ['token', body.token],
          ].forEach((pair) => {
            var input = document.createElement('input');
            input.type = 'hidden';
            input.name = pair[0];
            input.value = pair[1];
            form.appendChild(input);
          });
          document.body.appendChild(form);
          form.submit();
        });
    });
  }
})();

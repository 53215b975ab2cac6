// Forms that hold several records' actions (a round, a chart's strike-outs): Enter in a record's field acts on that
// record (its data-enter button), not on the form's first button; and such a form is sent once until the page answers.
(function () {
  document.addEventListener('keydown', function (event) {
    const field = event.target;
    if (event.key !== 'Enter' || !(field instanceof HTMLInputElement) || !field.dataset.enter) return;
    const button = document.getElementById(field.dataset.enter);
    if (!button) return;
    event.preventDefault();
    button.click();
  });

  // Capture phase: before Blazor's enhanced navigation sees the second submit of a form already on its way.
  document.addEventListener('submit', function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-once')) return;
    if (form.dataset.sending) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    form.dataset.sending = '1';
    // Should the answer never come, the form is usable again.
    setTimeout(function () { delete form.dataset.sending; }, 15000);
  }, true);

  // The answer has come (enhanced navigation updated the page): every form may be sent again.
  function ready() {
    document.querySelectorAll('form[data-sending]').forEach(function (form) { delete form.dataset.sending; });
  }
  if (window.Blazor && Blazor.addEventListener) {
    Blazor.addEventListener('enhancedload', ready);
  } else {
    document.addEventListener('DOMContentLoaded', function () {
      if (window.Blazor && Blazor.addEventListener) Blazor.addEventListener('enhancedload', ready);
    });
  }
})();

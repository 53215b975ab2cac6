// After a form is posted the page keeps its scroll position; bring the outcome ("Đã lưu", or the errors) into view.
(function () {
  function reveal() {
    const target = document.querySelector('.form-errors, [role=alert].field-error, [data-testid=saved-notice], p.notice[role=status], p.success[role=status], p.notice');
    if (target && (target.getBoundingClientRect().top < 0 || target.getBoundingClientRect().bottom > window.innerHeight)) {
      target.scrollIntoView({ block: 'center' });
    }
  }
  document.addEventListener('DOMContentLoaded', reveal);
  if (window.Blazor && Blazor.addEventListener) {
    Blazor.addEventListener('enhancedload', reveal);
  } else {
    document.addEventListener('DOMContentLoaded', function () {
      if (window.Blazor && Blazor.addEventListener) Blazor.addEventListener('enhancedload', reveal);
    });
  }
})();

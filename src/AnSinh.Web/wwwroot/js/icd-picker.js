// ICD-10 picker: fills the datalist of an input[data-icd-picker] from the API as the user types.
(function () {
  let timer;
  document.addEventListener('input', function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.icdPicker) return;
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const list = document.getElementById(input.getAttribute('list'));
      if (!list || input.value.trim().length < 1) return;
      const response = await fetch('/api/reference/icd10?take=20&q=' + encodeURIComponent(input.value.trim()), { credentials: 'same-origin' });
      if (!response.ok) return;
      const items = await response.json();
      list.replaceChildren(...items.map(function (item) {
        const option = document.createElement('option');
        option.value = item.code;
        option.label = item.code + ' – ' + item.nameVi;
        return option;
      }));
    }, 200);
  });
})();

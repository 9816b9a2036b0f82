// mem-escalate's HTML report: filters the failed-task table as one types. Without scripts every row shows.
(function () {
  'use strict';
  var inputs = document.querySelectorAll('input[data-filter-for]');
  for (var k = 0; k < inputs.length; k++) {
    attach(inputs[k]);
  }
  function attach(input) {
    var table = document.getElementById(input.getAttribute('data-filter-for'));
    var counter = document.getElementById(input.getAttribute('data-filter-count'));
    if (!table || !table.tBodies.length) {
      return;
    }
    var rows = table.tBodies[0].rows;
    function apply() {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var match = query === '' || rows[i].textContent.toLowerCase().indexOf(query) >= 0;
        rows[i].hidden = !match;
        if (match) {
          shown++;
        }
      }
      if (counter) {
        counter.textContent = query === '' ? '' : shown + ' of ' + rows.length + ' rows match';
      }
    }
    // report.html#filter=OUT_OF_MEMORY opens with the table filtered.
    var asked = /(?:^#|&)filter=([^&]*)/.exec(window.location.hash);
    if (asked) {
      try {
        input.value = decodeURIComponent(asked[1]);
      } catch (malformed) {
        input.value = '';
      }
    }
    input.addEventListener('input', apply);
    // The filter's paragraph is hidden in the file: without scripts it would do nothing.
    (input.closest('.filter') || input.parentNode).hidden = false;
    apply();
  }
})();

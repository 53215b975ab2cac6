// Blazor starts here rather than by itself (autostart="false" in App.razor) so the page can say when it is ready:
// until then a click on an enhanced form may be lost, which the browser tests wait out (window.ansinhReady).
Blazor.start().then(function () { window.ansinhReady = true; });

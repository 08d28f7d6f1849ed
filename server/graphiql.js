// Starts GraphiQL with the settings the page passes as JSON (no inline script, so the
// page's Content Security Policy can allow only this server's own scripts).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("graphiql-config").textContent);
  var fetcher = GraphiQL.createFetcher({
    url: config.endpoint,
    enableIncrementalDelivery: false,
  });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      isHeadersEditorEnabled: true,
      // Never keep a pasted bearer token in the browser's storage.
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: "headers",
    })
  );
})();

// Starts scorm-again as the LMS (window.API or window.API_1484_11), optionally with the CMI data
// of an earlier session (window.mncInitialCmi, set by the test before load), then launches the
// SCO named in the query string in the frame. The test reads window.API*.cmi afterwards.
(function () {
  const query = new URLSearchParams(window.location.search);
  const version = query.get("version") || "1.2";
  const settings = { autocommit: false, logLevel: 5 };
  const api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
  if (window.mncInitialCmi) api.loadFromJSON(window.mncInitialCmi);
  if (version === "1.2") window.API = api;
  else window.API_1484_11 = api;
  window.mncCmi = () => JSON.parse(JSON.stringify(api.cmi));
  window.mncCalls = [];
  for (const name of ["LMSInitialize", "LMSFinish", "LMSCommit", "Initialize", "Terminate", "Commit"]) {
    if (typeof api[name] !== "function") continue;
    const original = api[name].bind(api);
    api[name] = (...args) => {
      const result = original(...args);
      window.mncCalls.push([name, String(result)]);
      return result;
    };
  }
  window.addEventListener("DOMContentLoaded", () => {
    document.getElementById("sco").src = `pkg/${query.get("sco")}`;
  });
})();

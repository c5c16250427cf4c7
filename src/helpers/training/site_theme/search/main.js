// The playbook site's search, in place of MkDocs' own search/main.js (mkdocs.yml: custom_dir).
//
// MkDocs' search fetches search/search_index.json from a web worker; a browser refuses both when
// the site is opened from disk (file://), so search showed nothing. This one loads lunr.js and
// the index as plain scripts (search/search_index.js, written by the hook in
// src/helpers/training/site.py), which works from disk and from a server alike, and builds the
// index in the page. Words keep their Latvian letters (lunr's own trimmer cuts "ā", "ņ" ... off
// a word's ends), and each word also matches as a prefix, so "kampaņ" finds "kampaņas".
(function () {
  "use strict";
  var index = null;
  var documents = {};
  var minLength = 3;

  function joinUrl(base, path) {
    if (path.substring(0, 1) === "/") {
      return path;
    }
    return base.substring(base.length - 1) === "/" ? base + path : base + "/" + path;
  }

  function escapeHtml(value) {
    return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;")
      .replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function loadScript(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    script.onerror = function () {
      showMessage("The search index could not be loaded (" + src + "). Rebuild the site with " +
        "make site, or serve it with mkdocs serve.");
    };
    document.head.appendChild(script);
  }

  function showMessage(text) {
    var results = document.getElementById("mkdocs-search-results");
    if (results) {
      results.innerHTML = "<p>" + escapeHtml(text) + "</p>";
    }
  }

  function trimmer(token) {
    return token.update(function (s) {
      return s.replace(/^[^\p{L}\p{N}]+/u, "").replace(/[^\p{L}\p{N}]+$/u, "");
    });
  }

  function buildIndex(data) {
    if (data.config && data.config.separator) {
      lunr.tokenizer.separator = new RegExp(data.config.separator);
    }
    if (data.config && data.config.min_search_length) {
      minLength = data.config.min_search_length;
    }
    lunr.Pipeline.registerFunction(trimmer, "playbookTrimmer");
    index = lunr(function () {
      this.pipeline.reset();
      this.pipeline.add(trimmer, lunr.stopWordFilter, lunr.stemmer);
      this.field("title", { boost: 5 });
      this.field("text");
      this.ref("location");
      for (var i = 0; i < data.docs.length; i++) {
        this.add(data.docs[i]);
        documents[data.docs[i].location] = data.docs[i];
      }
    });
  }

  function search(query) {
    var words = lunr.tokenizer(query).map(function (t) {
      return trimmer(t).toString();
    }).filter(function (w) {
      return w.length > 0;
    });
    if (!words.length) {
      return [];
    }
    return index.query(function (q) {
      words.forEach(function (word) {
        q.term(word, { boost: 10 });
        q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      });
    }).map(function (result) {
      return documents[result.ref];
    });
  }

  function displayResults(results) {
    var box = document.getElementById("mkdocs-search-results");
    box.innerHTML = "";
    if (!results.length) {
      var none = box.getAttribute("data-no-results-text") || "No results found";
      box.insertAdjacentHTML("beforeend", "<p>" + escapeHtml(none) + "</p>");
      return;
    }
    results.slice(0, 50).forEach(function (doc) {
      box.insertAdjacentHTML("beforeend",
        '<article><h3><a href="' + escapeHtml(joinUrl(base_url, doc.location)) + '">' +
        escapeHtml(doc.title) + "</a></h3><p>" + escapeHtml(doc.text.substring(0, 200)) +
        "</p></article>");
    });
  }

  function doSearch() {
    var query = document.getElementById("mkdocs-search-query").value;
    if (query.length >= minLength) {
      displayResults(search(query));
    } else {
      document.getElementById("mkdocs-search-results").innerHTML = "";
    }
  }

  function queryFromLocation() {
    var match = /[?&]q=([^&]*)/.exec(window.location.search);
    return match ? decodeURIComponent(match[1].replace(/\+/g, "%20")) : "";
  }

  function start() {
    buildIndex(window.playbookSearchIndex);
    var input = document.getElementById("mkdocs-search-query");
    if (!input) {
      return;
    }
    input.addEventListener("keyup", doSearch);
    input.addEventListener("search", doSearch);
    if (input.form) {
      input.form.addEventListener("submit", function (e) {
        e.preventDefault();
        doSearch();
      });
    }
    var term = queryFromLocation();
    if (term) {
      input.value = term;
      doSearch();
    }
  }

  loadScript(joinUrl(base_url, "search/lunr.js"), function () {
    loadScript(joinUrl(base_url, "search/search_index.js"), start);
  });
})();

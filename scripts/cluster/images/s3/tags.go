package main

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Object tags, which gofakes3 v1.2.0 neither stores nor serves: the tags of a PutObject or
// CreateMultipartUpload ("x-amz-tagging: k=v&k2=v2") and of PutObjectTagging are kept in memory per
// path-style object path, and GetObjectTagging answers with them. Enough for tests that check what a
// client sent (Spilo's log upload tags its objects).
type tagging struct {
	XMLName xml.Name `xml:"Tagging"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	Tags    []tag    `xml:"TagSet>Tag"`
}

type tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type codeWriter struct {
	http.ResponseWriter
	code int
}

func (w *codeWriter) WriteHeader(code int) { w.code = code; w.ResponseWriter.WriteHeader(code) }

func objectTags(next http.Handler) http.Handler {
	var mu sync.Mutex
	store := map[string][]tag{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		_, taggingOp := r.URL.Query()["tagging"]
		if !taggingOp {
			cw := &codeWriter{ResponseWriter: w, code: http.StatusOK}
			next.ServeHTTP(cw, r)
			if cw.code >= 300 {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if header := r.Header.Get("X-Amz-Tagging"); header != "" && (r.Method == http.MethodPut || r.Method == http.MethodPost) {
				store[path] = parseTagHeader(header)
			} else if r.Method == http.MethodDelete {
				delete(store, path)
			}
			return
		}
		switch r.Method {
		case http.MethodGet:
			mu.Lock()
			tags := append([]tag{}, store[path]...)
			mu.Unlock()
			w.Header().Set("Content-Type", "application/xml")
			_, _ = io.WriteString(w, xml.Header)
			_ = xml.NewEncoder(w).Encode(tagging{Xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", Tags: tags})
		case http.MethodPut:
			var body tagging
			if err := xml.NewDecoder(r.Body).Decode(&body); err != nil {
				http.Error(w, "malformed Tagging XML", http.StatusBadRequest)
				return
			}
			mu.Lock()
			store[path] = body.Tags
			mu.Unlock()
			w.WriteHeader(http.StatusOK)
		case http.MethodDelete:
			mu.Lock()
			delete(store, path)
			mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		default:
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	})
}

// parseTagHeader reads "k=v&k2=v2" (URL-encoded by SDKs; Spilo sends it as is, which decodes the same
// for plain words).
func parseTagHeader(header string) []tag {
	var tags []tag
	for _, pair := range strings.Split(header, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		tags = append(tags, tag{Key: k, Value: v})
	}
	return tags
}

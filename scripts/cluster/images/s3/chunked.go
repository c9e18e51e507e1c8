package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxDecodedBody bounds one aws-chunked request body held in memory (the store is in memory anyway).
const maxDecodedBody = 1 << 30

// decodeAWSChunked turns an "aws-chunked" request body (what current AWS SDKs send over HTTPS:
// X-Amz-Content-Sha256 STREAMING-UNSIGNED-PAYLOAD-TRAILER or STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER],
// usually with Transfer-Encoding: chunked and no Content-Length) into a plain body with a Content-Length,
// which is all gofakes3 understands. Chunk signatures and trailing checksums are not verified.
func decodeAWSChunked(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sha := r.Header.Get("X-Amz-Content-Sha256")
		if !strings.HasPrefix(sha, "STREAMING-") || r.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		data, err := readAWSChunked(bufio.NewReader(r.Body))
		r.Body.Close()
		if err == nil {
			if want := r.Header.Get("X-Amz-Decoded-Content-Length"); want != "" && want != strconv.Itoa(len(data)) {
				err = fmt.Errorf("decoded %d bytes, X-Amz-Decoded-Content-Length says %s", len(data), want)
			}
		}
		if err != nil {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
				`<Error><Code>IncompleteBody</Code><Message>%s</Message></Error>`, xmlEscape(err.Error()))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(data))
		r.ContentLength = int64(len(data))
		r.TransferEncoding = nil
		r.Header.Del("Transfer-Encoding")
		r.Header.Set("Content-Length", strconv.Itoa(len(data)))
		r.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
		r.Header.Del("X-Amz-Decoded-Content-Length")
		r.Header.Del("X-Amz-Trailer")
		var enc []string
		for _, e := range strings.Split(r.Header.Get("Content-Encoding"), ",") {
			if e = strings.TrimSpace(e); e != "" && e != "aws-chunked" {
				enc = append(enc, e)
			}
		}
		if len(enc) > 0 {
			r.Header.Set("Content-Encoding", strings.Join(enc, ","))
		} else {
			r.Header.Del("Content-Encoding")
		}
		next.ServeHTTP(w, r)
	})
}

// readAWSChunked reads "<hex size>[;chunk-signature=...]\r\n<data>\r\n" chunks up to the zero-size
// one; trailer lines after it are read and ignored.
func readAWSChunked(br *bufio.Reader) ([]byte, error) {
	var out bytes.Buffer
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("aws-chunked: reading chunk header: %v", err)
		}
		sizeHex, _, _ := strings.Cut(strings.TrimRight(line, "\r\n"), ";")
		size, err := strconv.ParseInt(strings.TrimSpace(sizeHex), 16, 64)
		if err != nil || size < 0 {
			return nil, fmt.Errorf("aws-chunked: bad chunk size %q", sizeHex)
		}
		if size == 0 {
			_, _ = io.Copy(io.Discard, br) // trailers (x-amz-checksum-*, signature) and the final CRLF
			return out.Bytes(), nil
		}
		if int64(out.Len())+size > maxDecodedBody {
			return nil, fmt.Errorf("aws-chunked: body larger than %d bytes", maxDecodedBody)
		}
		if _, err := io.CopyN(&out, br, size); err != nil {
			return nil, fmt.Errorf("aws-chunked: short chunk: %v", err)
		}
		if crlf, err := br.ReadString('\n'); err != nil || strings.TrimRight(crlf, "\r\n") != "" {
			return nil, fmt.Errorf("aws-chunked: missing CRLF after chunk")
		}
	}
}

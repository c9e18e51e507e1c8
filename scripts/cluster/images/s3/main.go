// Command s3 is the running-cluster tier's S3-compatible object store: a stand-in for MinIO or AWS S3
// in tests, built on gofakes3 with its in-memory backend (everything is lost when the process exits).
//
// Flags (each also read from the environment variable in brackets when the flag is not given):
//
//	-listen ADDR            address to listen on (default ":9000") [S3_LISTEN]
//	-buckets a,b,c          buckets created at start [S3_BUCKETS]
//	-vhost-domains d1,d2    base domains for virtual-host style requests: "bkt.d1/key" is served as
//	                        "/bkt/key"; path-style requests work with or without this [S3_VHOST_DOMAINS]
//	-tls-names n1,n2        serve HTTPS with a certificate for these DNS names (IP addresses allowed),
//	                        plus "*.d" for every vhost domain d, signed at startup by the CA below;
//	                        without it, plain HTTP [S3_TLS_NAMES]
//	-ca-cert FILE           CA certificate (default /etc/s3/ca.crt) [S3_CA_CERT]
//	-ca-key FILE            CA private key, PEM, PKCS#8/SEC1/PKCS#1 (default /etc/s3/ca.key) [S3_CA_KEY]
//	-access-key ID          if set, S3 requests must carry credentials naming this access key id
//	                        (SigV4/SigV2 Authorization header or presigned query); others get 403
//	                        AccessDenied. Signatures are NOT verified [S3_ACCESS_KEY]
//	-secret-key KEY         accepted for symmetry with real stores; not checked [S3_SECRET_KEY]
//
// Endpoints outside S3 (never passed to gofakes3, no credentials needed):
//
//	GET /_admin/health                 200 "ok" (readiness probe)
//	GET /_admin/clock                  {"offsetSeconds": N, "now": "<RFC 3339 store time>"}
//	PUT /_admin/clock?offset=SECONDS   shift the store's clock by SECONDS (may be negative or
//	                                   fractional) from now on: objects stored afterwards get
//	                                   LastModified = real time + offset. Answers like GET.
//
// Request bodies in the "aws-chunked" encoding current AWS SDKs use over HTTPS are decoded before
// gofakes3 sees them (chunk signatures and trailing checksums are not verified).
//
// One line per request goes to stdout: method, host, path, status, bytes, duration (no headers, no query).
package main

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"log"
	"math"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// offsetClock is gofakes3's time source: real time shifted by an offset the tests set.
type offsetClock struct{ offset atomic.Int64 } // nanoseconds

func (c *offsetClock) Now() time.Time                  { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *offsetClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

type config struct {
	listen, buckets, vhostDomains, tlsNames, caCert, caKey, accessKey, secretKey string
}

func main() {
	log.SetFlags(0)
	var cfg config
	str := func(p *string, name, env, def, usage string) {
		if v, ok := os.LookupEnv(env); ok {
			def = v
		}
		flag.StringVar(p, name, def, usage+" (env "+env+")")
	}
	str(&cfg.listen, "listen", "S3_LISTEN", ":9000", "listen address")
	str(&cfg.buckets, "buckets", "S3_BUCKETS", "", "comma-separated buckets created at start")
	str(&cfg.vhostDomains, "vhost-domains", "S3_VHOST_DOMAINS", "", "comma-separated base domains for virtual-host style buckets")
	str(&cfg.tlsNames, "tls-names", "S3_TLS_NAMES", "", "comma-separated DNS names: serve HTTPS with a certificate for them")
	str(&cfg.caCert, "ca-cert", "S3_CA_CERT", "/etc/s3/ca.crt", "CA certificate signing the serving certificate")
	str(&cfg.caKey, "ca-key", "S3_CA_KEY", "/etc/s3/ca.key", "CA private key")
	str(&cfg.accessKey, "access-key", "S3_ACCESS_KEY", "", "required access key id (signatures are not verified)")
	str(&cfg.secretKey, "secret-key", "S3_SECRET_KEY", "", "secret key (accepted, not checked)")
	flag.Parse()
	if flag.NArg() > 0 {
		log.Fatalf("s3: unexpected arguments %q", flag.Args())
	}
	if err := run(cfg); err != nil {
		log.Fatalf("s3: %v", err)
	}
}

func split(list string) []string {
	var out []string
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func run(cfg config) error {
	clock := &offsetClock{}
	backend := s3mem.New(s3mem.WithTimeSource(clock))
	for _, b := range split(cfg.buckets) {
		if err := gofakes3.ValidateBucketName(b); err != nil {
			return fmt.Errorf("bucket %q: %v", b, err)
		}
		if err := backend.CreateBucket(b); err != nil {
			return fmt.Errorf("create bucket %q: %v", b, err)
		}
	}
	vhosts := split(cfg.vhostDomains)
	opts := []gofakes3.Option{
		gofakes3.WithTimeSource(clock),
		// The clock offset would make every signed request "too skewed"; real stores compare with real time.
		gofakes3.WithTimeSkewLimit(0),
		gofakes3.WithLogger(errorLog{}),
	}
	if len(vhosts) > 0 {
		opts = append(opts, gofakes3.WithHostBucketBase(vhosts...))
	}
	faker := gofakes3.New(backend, opts...)
	handler := logRequests(route(clock, checkAccessKey(cfg.accessKey, decodeAWSChunked(objectTags(stripPort(faker.Server()))))))

	srv := &http.Server{Addr: cfg.listen, Handler: handler, ReadHeaderTimeout: 30 * time.Second}
	scheme := "http"
	if names := split(cfg.tlsNames); len(names) > 0 {
		for _, d := range vhosts {
			names = append(names, "*."+strings.Trim(d, "."))
		}
		cert, err := servingCert(cfg.caCert, cfg.caKey, names)
		if err != nil {
			return err
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		scheme = "https"
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return err
	}
	log.Printf("s3: serving %s on %s; buckets %q; vhost domains %q; access key check %v",
		scheme, ln.Addr(), split(cfg.buckets), vhosts, cfg.accessKey != "")

	done := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			done <- srv.ServeTLS(ln, "", "")
		} else {
			done <- srv.Serve(ln)
		}
	}()
	// As PID 1 the process gets no default SIGTERM handling: stop on it explicitly.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case err := <-done:
		return err
	case s := <-sig:
		log.Printf("s3: %v, shutting down", s)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(ctx)
	}
}

// errorLog passes gofakes3's error messages to stderr and drops its info/warn chatter.
type errorLog struct{}

func (errorLog) Print(level gofakes3.LogLevel, v ...interface{}) {
	if level == gofakes3.LogErr {
		log.Println(append([]interface{}{"s3: gofakes3 error:"}, v...)...)
	}
}

// stripPort removes ":port" from the Host header so virtual-host matching sees the bare name.
func stripPort(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, _, err := net.SplitHostPort(r.Host); err == nil {
			r.Host = h
		}
		next.ServeHTTP(w, r)
	})
}

// route sends /_admin/... to the admin handlers and everything else to the S3 handler.
func route(clock *offsetClock, s3 http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/_admin" && !strings.HasPrefix(r.URL.Path, "/_admin/") {
			s3.ServeHTTP(w, r)
			return
		}
		switch r.URL.Path {
		case "/_admin/health":
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
				return
			}
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprintln(w, "ok")
		case "/_admin/clock":
			switch r.Method {
			case http.MethodGet:
			case http.MethodPut, http.MethodPost:
				raw := r.URL.Query().Get("offset")
				secs, err := strconv.ParseFloat(raw, 64)
				if err != nil || math.IsNaN(secs) || math.IsInf(secs, 0) || math.Abs(secs) > 100*365*86400 {
					http.Error(w, "offset must be a number of seconds, e.g. ?offset=-86400", http.StatusBadRequest)
					return
				}
				clock.offset.Store(int64(secs * float64(time.Second)))
				log.Printf("s3: clock offset set to %gs", secs)
			default:
				http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]interface{}{
				"offsetSeconds": time.Duration(clock.offset.Load()).Seconds(),
				"now":           clock.Now().UTC().Format(time.RFC3339Nano),
			})
		default:
			http.NotFound(w, r)
		}
	})
}

// accessKeyID returns the access key id a request names (SigV4 or SigV2 header, or presigned query).
func accessKeyID(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	switch {
	case strings.HasPrefix(auth, "AWS4-HMAC-SHA256 "):
		for _, part := range strings.Split(strings.TrimPrefix(auth, "AWS4-HMAC-SHA256 "), ",") {
			if cred, ok := strings.CutPrefix(strings.TrimSpace(part), "Credential="); ok {
				id, _, _ := strings.Cut(cred, "/")
				return id
			}
		}
	case strings.HasPrefix(auth, "AWS "):
		id, _, _ := strings.Cut(strings.TrimPrefix(auth, "AWS "), ":")
		return id
	}
	q := r.URL.Query()
	if cred := q.Get("X-Amz-Credential"); cred != "" {
		id, _, _ := strings.Cut(cred, "/")
		return id
	}
	return q.Get("AWSAccessKeyId")
}

// checkAccessKey answers 403 AccessDenied to requests not naming the configured access key id.
func checkAccessKey(want string, next http.Handler) http.Handler {
	if want == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := accessKeyID(r)
		if got == want {
			next.ServeHTTP(w, r)
			return
		}
		msg := "Access Denied: unknown access key id"
		if got == "" {
			msg = "Access Denied: anonymous request"
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			`<Error><Code>AccessDenied</Code><Message>%s</Message><Resource>%s</Resource><RequestId>0</RequestId></Error>`,
			msg, xmlEscape(r.URL.Path))
	})
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// logRequests prints one line per request to stdout (never headers or the query, which may hold signatures).
func logRequests(next http.Handler) http.Handler {
	out := log.New(os.Stdout, "", 0)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		host, path := r.Host, r.URL.Path
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		out.Printf("%s %s %s host=%s status=%d bytes=%d %dms", start.UTC().Format(time.RFC3339),
			r.Method, path, host, sw.status, sw.bytes, time.Since(start).Milliseconds())
	})
}

// servingCert creates a fresh key and a certificate for names, signed by the CA in caCertFile/caKeyFile.
func servingCert(caCertFile, caKeyFile string, names []string) (tls.Certificate, error) {
	caPEM, err := os.ReadFile(caCertFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	block, _ := pem.Decode(caPEM)
	if block == nil {
		return tls.Certificate{}, fmt.Errorf("%s: no PEM certificate", caCertFile)
	}
	ca, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("%s: %v", caCertFile, err)
	}
	caKey, err := readKey(caKeyFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: names[0]},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	if ca.NotAfter.Before(tmpl.NotAfter) {
		tmpl.NotAfter = ca.NotAfter
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("sign serving certificate: %v", err)
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.Raw}, PrivateKey: key}, nil
}

func readKey(file string) (crypto.Signer, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, fmt.Errorf("%s: no PEM private key", file)
		}
		var key interface{}
		switch block.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		default:
			continue // e.g. "EC PARAMETERS"
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		signer, ok := key.(crypto.Signer)
		if !ok {
			return nil, errors.New(file + ": unsupported key type")
		}
		return signer, nil
	}
}

#!/usr/bin/env python3
"""Wrap one root-filesystem tar into a single-layer OCI image archive (stdlib only).

  oci.py ROOTFS.tar NAME CONFIG_JSON OUT.tar

CONFIG_JSON is the image config's "config" object (Env, Cmd, User, ...). index.json names the
image NAME under both annotations containerd 1.6 reads, so `ctr images import` tags it NAME.
"""
import hashlib
import io
import json
import os
import sys
import tarfile
import tempfile
import zlib

CHUNK = 1 << 20
CREATED = "1970-01-01T00:00:00Z"  # fixed, so identical inputs give identical digests


def gzip_layer(src, dst):
    """Compress src into dst (gzip, no name/mtime); return (diff_id, digest, size)."""
    raw, packed = hashlib.sha256(), hashlib.sha256()
    comp = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: gzip container, header mtime 0
    size = 0
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        def out(data):
            nonlocal size
            packed.update(data)
            fout.write(data)
            size += len(data)
        while True:
            block = fin.read(CHUNK)
            if not block:
                break
            raw.update(block)
            out(comp.compress(block))
        out(comp.flush())
    return "sha256:" + raw.hexdigest(), "sha256:" + packed.hexdigest(), size


def blob(data):
    return "sha256:" + hashlib.sha256(data).hexdigest(), data


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o644
    archive.addfile(info, io.BytesIO(data))


def main(rootfs, name, config_json, out):
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(out))) as tmp:
        layer = os.path.join(tmp, "layer")
        diff_id, layer_digest, layer_size = gzip_layer(rootfs, layer)
        config = {"created": CREATED, "architecture": "amd64", "os": "linux",
                  "config": json.loads(config_json),
                  "rootfs": {"type": "layers", "diff_ids": [diff_id]},
                  "history": [{"created": CREATED, "created_by": "cdk8s-postgres scripts/cluster/images"}]}
        config_digest, config_data = blob(json.dumps(config, sort_keys=True).encode())
        manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                               "digest": config_digest, "size": len(config_data)},
                    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                "digest": layer_digest, "size": layer_size}]}
        manifest_digest, manifest_data = blob(json.dumps(manifest, sort_keys=True).encode())
        index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                 "manifests": [{"mediaType": manifest["mediaType"], "digest": manifest_digest,
                                "size": len(manifest_data),
                                "annotations": {"org.opencontainers.image.ref.name": name,
                                                "io.containerd.image.name": name}}]}
        partial = out + ".partial"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            for folder in ("blobs", "blobs/sha256"):
                info = tarfile.TarInfo(folder)
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            add_bytes(archive, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
            add_bytes(archive, "index.json", json.dumps(index, sort_keys=True).encode())
            for digest, data in ((config_digest, config_data), (manifest_digest, manifest_data)):
                add_bytes(archive, "blobs/sha256/" + digest[7:], data)
            archive.add(layer, "blobs/sha256/" + layer_digest[7:])
        os.replace(partial, out)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])

#!/opt/patroni/bin/python3
"""Spilo's log upload cron job (spilo.md 3.1): gzip the previous interval's csv log (yesterday's
weekday file, or the previous hour's in hourly mode) and upload it to
s3://LOG_S3_BUCKET/LOG_S3_KEY<date>.csv.gz with LOG_S3_TAGS; an empty file is skipped."""
import datetime
import gzip
import os
import shutil
import sys
import time

import boto3
import botocore.config
from boto3.exceptions import S3UploadFailedError


def main(now=None):
    now = now or datetime.datetime.now()
    hourly = os.environ.get("LOG_SHIP_HOURLY") == "true"
    then = now - (datetime.timedelta(hours=1) if hourly else datetime.timedelta(days=1))
    suffix = "%d-%02d" % (then.isoweekday(), then.hour) if hourly else str(then.isoweekday())
    source = os.path.join(os.environ["PGLOG"], "postgresql-%s.csv" % suffix)
    name = then.strftime("%Y-%m-%d-%H" if hourly else "%Y-%m-%d") + ".csv.gz"
    if os.path.getsize(source) == 0:
        return 0
    packed = os.path.join(os.environ.get("LOG_TMPDIR") or "/tmp", name)
    with open(source, "rb") as src, gzip.open(packed, "wb", compresslevel=9) as dst:
        shutil.copyfileobj(src, dst)
    s3 = boto3.client("s3", region_name=os.environ.get("LOG_AWS_REGION") or None,
                      endpoint_url=os.environ.get("LOG_S3_ENDPOINT") or None,
                      config=botocore.config.Config(connect_timeout=5, read_timeout=60))
    extra = {"Tagging": os.environ.get("LOG_S3_TAGS")}
    for attempt in range(3):
        try:
            s3.upload_file(packed, os.environ["LOG_S3_BUCKET"], os.environ["LOG_S3_KEY"] + name, ExtraArgs=extra)
            os.remove(packed)
            print("uploaded %s to s3://%s/%s%s" % (source, os.environ["LOG_S3_BUCKET"], os.environ["LOG_S3_KEY"], name),
                  file=sys.stderr)
            return 0
        except S3UploadFailedError as e:
            print("upload failed (attempt %d): %s" % (attempt + 1, e), file=sys.stderr)
            time.sleep(10)
    return 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A local AWS Lambda API (moto's server, in-process) seeded with functions, for the Lambda discovery tests.

Usage: lambda_peer.py [--functions N] [--versions K] [--aliases] [--region REGION] [--seed backend|api]
                      [--workers W]

Needs moto (with its server extras) and boto3 (`python3 -m pip install "moto[server]" boto3`).

Starts moto's server on 127.0.0.1 at a free port and, through boto3 against that server (dummy credentials,
access key `testing`), creates:
    - the IAM role `arn:aws:iam::123456789012:role/lambda-peer` (moto checks that a function's role exists),
    - N functions `fn-0000`, `fn-0001`, ... (default 3; runtime python3.11, handler index.handler, a tiny zip
      made in memory). With --seed backend (the default) the CreateFunction request bodies go one after the
      other straight to moto's Lambda backend (`lambda_backends[account][region].create_function`, the call
      moto's own CreateFunction handler makes once it has parsed a request): 10,000 functions take under a
      second, and moto lists them in name order. With --seed api they are CreateFunction calls through boto3,
      W at a time (default 16): 10,000 take about 35 s on two cores, and since moto lists functions in the
      order they were created, the listing order then varies from run to run,
    - K published versions ("1" ... "K", default 0) of each of the first min(N, 3) functions; before each
      publication the code is replaced, so every version has its own CodeSha256 and description,
    - with --aliases, on fn-0000: `live` -> version "1" and `beta` -> version "2" (either falls back to
      "$LATEST" when that version was not published).
Then it prints `lambda=PORT`, one line `seeded=<JSON>`:
    {"region": ..., "account": "123456789012", "count": N, "functions": ["fn-0000", ...],
     "versions": {"fn-0000": ["1", ...], ...}, "aliases": {"fn-0000": {"live": "1", "beta": "2"}},
     "seconds": <time the seeding took>}
then `ready`, flushes, and exits when its standard input reaches end of file.

How moto 5.2 answers the Lambda API:
    - GET /2015-03-31/functions/ (ListFunctions) returns every function in one page, whatever Marker and
      MaxItems say, and never a NextMarker; ListAliases ignores them as well.
    - With FunctionVersion=ALL each function appears as $LATEST (its FunctionArn ending in `:$LATEST`), followed
      by its numbered versions; without it, only $LATEST, with an unqualified FunctionArn.
    - A request is routed by the credential scope of its SigV4 Authorization header
      (`Credential=KEY/DATE/REGION/lambda/aws4_request`); the signature is not checked, any access key maps to
      account 123456789012, and another REGION sees no functions. Without an Authorization header the path is
      taken for S3 (404 NoSuchBucket).
    - The JSON answers carry `Content-Type: text/html; charset=utf-8`, and some fields are JSON null
      (VpcConfig, SigningProfileVersionArn, SigningJobArn; RoutingConfig in aliases).
"""

import argparse
import base64
import concurrent.futures
import io
import json
import logging
import os
import sys
import time
import zipfile

ACCOUNT = "123456789012"
ROLE_NAME = "lambda-peer"
TRUST_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def _zip(revision):
    """A zip holding index.py whose handler returns `revision`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("index.py", date_time=(2020, 1, 1, 0, 0, 0))
        archive.writestr(info, f"def handler(event, context):\n    return {{'revision': {revision!r}}}\n")
    return buffer.getvalue()


def _exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--functions", type=int, default=3, metavar="N")
    parser.add_argument("--versions", type=int, default=0, metavar="K")
    parser.add_argument("--aliases", action="store_true")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--seed", choices=("api", "backend"), default="backend")
    parser.add_argument("--workers", type=int, default=16, metavar="W")
    arguments = parser.parse_args()
    if arguments.functions < 0 or arguments.versions < 0 or arguments.workers < 1:
        parser.error("--functions and --versions must not be negative, --workers must be positive")
    if arguments.aliases and arguments.functions < 1:
        parser.error("--aliases needs at least one function")

    # Dummy credentials, set before boto3 or moto read them; no shared configuration file is read.
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SECURITY_TOKEN": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": arguments.region,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
    )
    # Every request then belongs to moto's default account, whatever access key a client signs with.
    os.environ.pop("MOTO_ACCOUNT_ID", None)
    # The server's request log would be one line on standard error per request.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    import boto3
    import botocore.config
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]
    endpoint = f"http://127.0.0.1:{port}"
    config = botocore.config.Config(
        max_pool_connections=arguments.workers, retries={"max_attempts": 5, "mode": "standard"}
    )

    def client(service):
        return boto3.client(service, region_name=arguments.region, endpoint_url=endpoint, config=config)

    started = time.monotonic()
    role = client("iam").create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=TRUST_POLICY)["Role"]["Arn"]
    lambda_client = client("lambda")
    names = [f"fn-{index:04d}" for index in range(arguments.functions)]
    code = _zip("latest")

    def request(name):
        return {
            "FunctionName": name,
            "Runtime": "python3.11",
            "Role": role,
            "Handler": "index.handler",
            "Description": f"{name} for the discovery tests",
            "Timeout": 3,
            "MemorySize": 128,
        }

    if arguments.seed == "backend":
        from moto.awslambda.models import lambda_backends

        backend = lambda_backends[ACCOUNT][arguments.region]
        encoded = base64.b64encode(code).decode()
        for name in names:
            backend.create_function(dict(request(name), Code={"ZipFile": encoded}))
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.workers) as pool:
            futures = [
                pool.submit(lambda_client.create_function, Code={"ZipFile": code}, **request(name)) for name in names
            ]
            for future in concurrent.futures.as_completed(futures):
                future.result()

    versions = {}
    for name in names[:3] if arguments.versions else []:
        published = []
        for revision in range(1, arguments.versions + 1):
            lambda_client.update_function_code(FunctionName=name, ZipFile=_zip(f"revision {revision}"))
            answer = lambda_client.publish_version(FunctionName=name, Description=f"revision {revision}")
            published.append(answer["Version"])
        versions[name] = published

    aliases = {}
    if arguments.aliases:
        published = versions.get(names[0], [])
        targets = {
            "live": published[0] if len(published) >= 1 else "$LATEST",
            "beta": published[1] if len(published) >= 2 else "$LATEST",
        }
        for alias, version in targets.items():
            lambda_client.create_alias(FunctionName=names[0], Name=alias, FunctionVersion=version)
        aliases[names[0]] = targets

    summary = {
        "region": arguments.region,
        "account": ACCOUNT,
        "count": len(names),
        "functions": names,
        "versions": versions,
        "aliases": aliases,
        "seconds": round(time.monotonic() - started, 3),
    }
    print(f"lambda={port}")
    print("seeded=" + json.dumps(summary, separators=(",", ":")))
    print("ready", flush=True)
    _exit_when_stdin_closes()


if __name__ == "__main__":
    main()

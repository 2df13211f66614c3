#!/usr/bin/env python3
"""A gRPC client (grpcio) for the tests that proxy gRPC: it calls the reflection service of
grpc_reflection_server.py through TARGET over h2c (prior knowledge) and prints one JSON object.

Usage: grpc_client.py --target HOST:PORT [--authority NAME] [--parallel N]

The object has:
    services    the services a v1alpha ServerReflectionInfo stream lists
    files       for two requests on one stream (the files defining demo.shop.Catalog and demo.shop.Orders),
                the name of the first file of each answer, in order
    v1_code     the statuses of 10 calls to grpc.reflection.v1, comma-separated (UNIMPLEMENTED when the server
                serves only v1alpha: a trailers-only answer, which may come before the request has ended)
    parallel    how many of N concurrent streams on one channel listed the services (N = --parallel, default 20)
    errors      what failed, as "what: code: details"
Needs grpcio and grpcio-reflection.
"""

import argparse
import concurrent.futures
import json
import sys

import grpc
from google.protobuf import descriptor_pb2
from grpc_reflection.v1alpha import reflection_pb2 as messages

V1ALPHA = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"
V1 = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"


def call(channel, method, requests, timeout=10):
    stub = channel.stream_stream(
        method,
        request_serializer=messages.ServerReflectionRequest.SerializeToString,
        response_deserializer=messages.ServerReflectionResponse.FromString,
    )
    return list(stub(iter(requests), timeout=timeout))


def list_services(channel):
    answers = call(channel, V1ALPHA, [messages.ServerReflectionRequest(list_services="")])
    return sorted(service.name for service in answers[0].list_services_response.service)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True)
    parser.add_argument("--authority")
    parser.add_argument("--parallel", type=int, default=20)
    arguments = parser.parse_args()
    options = [("grpc.default_authority", arguments.authority)] if arguments.authority else []
    report = {"errors": []}

    def attempt(what, body):
        try:
            return body()
        except grpc.RpcError as error:
            report["errors"].append(f"{what}: {error.code().name}: {error.details()}")
            return None

    with grpc.insecure_channel(arguments.target, options=options) as channel:
        report["services"] = attempt("services", lambda: list_services(channel))

        def files():
            answers = call(channel, V1ALPHA, [
                messages.ServerReflectionRequest(file_containing_symbol="demo.shop.Catalog"),
                messages.ServerReflectionRequest(file_containing_symbol="demo.shop.Orders"),
            ])
            names = []
            for answer in answers:
                descriptors = answer.file_descriptor_response.file_descriptor_proto
                first = descriptor_pb2.FileDescriptorProto.FromString(descriptors[0]) if descriptors else None
                names.append(first.name if first else "")
            return names

        report["files"] = attempt("files", files)

        codes = set()
        for _ in range(10):
            try:
                call(channel, V1, [messages.ServerReflectionRequest(list_services="")])
                codes.add("OK")
            except grpc.RpcError as error:
                codes.add(error.code().name)
        report["v1_code"] = ",".join(sorted(codes))

        with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.parallel) as pool:
            results = list(pool.map(
                lambda index: attempt(f"parallel {index}", lambda: list_services(channel)),
                range(arguments.parallel),
            ))
        report["parallel"] = sum(1 for result in results if result == report["services"] and result)
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

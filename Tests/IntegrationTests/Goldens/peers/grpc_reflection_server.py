#!/usr/bin/env python3
"""A gRPC server with server reflection, for the gRPC function discovery tests.

Usage: grpc_reflection_server.py [--reflection both|v1alpha|v1] [--tls CERT_DIR] [--close-mid-stream]

Needs grpcio, grpcio-reflection and grpcio-tools (`python3 -m pip install grpcio grpcio-reflection grpcio-tools`).

At start-up it writes two .proto files into a temporary folder and compiles them with grpc_tools.protoc:
    demo/common/types.proto   package demo.common: message Money (with the nested message Money.Currency and the
                              nested enum Money.Rounding) and the enum Status
    demo/shop/shop.proto      package demo.shop, importing the file above, google/protobuf/empty.proto and
                              google/protobuf/timestamp.proto: services Catalog (GetItem, unary; ListItems,
                              server streaming) and Orders (PlaceOrder, unary), and their messages (Item has the
                              nested message Item.Dimensions)
It serves both services (with trivial answers) on 127.0.0.1 at a free port, prints `grpc=PORT`, then `ready`,
flushes, and exits when its standard input reaches end of file.

Reflection lists demo.shop.Catalog, demo.shop.Orders and the reflection service(s) registered:
    --reflection both      (default) grpc.reflection.v1alpha.ServerReflection and grpc.reflection.v1.ServerReflection
    --reflection v1alpha   only grpc.reflection.v1alpha.ServerReflection
    --reflection v1        only grpc.reflection.v1.ServerReflection
A call to a reflection service that is not registered fails with UNIMPLEMENTED. grpcio-reflection implements only
v1alpha; v1 has the same messages on the wire (only the package differs), so the v1 service is served by the same
code, and (when v1 is served) a copy of the v1alpha descriptor renamed to grpc.reflection.v1 is added to the
descriptor pool, so that the v1 service can itself be looked up by symbol.

--close-mid-stream   every reflection stream answers its first request, then fails with UNAVAILABLE on the second
--tls CERT_DIR       serves TLS with CERT_DIR/server.crt and CERT_DIR/server.key; if they are missing, makes a
                     self-signed certificate for localhost and 127.0.0.1 there with the openssl command
"""

import argparse
import concurrent.futures
import fcntl
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_reflection.v1alpha import reflection
from grpc_reflection.v1alpha import reflection_pb2 as reflection_messages

V1ALPHA = "grpc.reflection.v1alpha.ServerReflection"
V1 = "grpc.reflection.v1.ServerReflection"
SERVICES = ("demo.shop.Catalog", "demo.shop.Orders")

TYPES_PROTO = """\
syntax = "proto3";

package demo.common;

// An amount of money in one currency.
message Money {
  message Currency {
    string code = 1;
  }
  enum Rounding {
    ROUNDING_UNSPECIFIED = 0;
    ROUNDING_HALF_EVEN = 1;
    ROUNDING_DOWN = 2;
  }
  Currency currency = 1;
  int64 units = 2;
  int32 nanos = 3;
  Rounding rounding = 4;
}

enum Status {
  STATUS_UNSPECIFIED = 0;
  STATUS_AVAILABLE = 1;
  STATUS_SOLD_OUT = 2;
}
"""

SHOP_PROTO = """\
syntax = "proto3";

package demo.shop;

import "demo/common/types.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/timestamp.proto";

message GetItemRequest {
  string id = 1;
}

message Item {
  message Dimensions {
    double width = 1;
    double height = 2;
  }
  string id = 1;
  string name = 2;
  demo.common.Money price = 3;
  demo.common.Status status = 4;
  Dimensions dimensions = 5;
  google.protobuf.Timestamp listed_at = 6;
  repeated string tags = 7;
}

message Order {
  string item_id = 1;
  int32 quantity = 2;
  demo.common.Money.Currency currency = 3;
}

message OrderReceipt {
  string order_id = 1;
  demo.common.Money total = 2;
  google.protobuf.Timestamp placed_at = 3;
  demo.common.Status status = 4;
}

service Catalog {
  rpc GetItem(GetItemRequest) returns (Item);
  rpc ListItems(google.protobuf.Empty) returns (stream Item);
}

service Orders {
  rpc PlaceOrder(Order) returns (OrderReceipt);
}
"""


def _compile_protos():
    """Writes and compiles the two files, imports them, and returns (types_pb2, shop_pb2, shop_pb2_grpc)."""
    from grpc_tools import protoc

    workspace = tempfile.mkdtemp(prefix="grpc-reflection-peer-")
    try:
        sources = os.path.join(workspace, "protos")
        generated = os.path.join(workspace, "generated")
        files = {"demo/common/types.proto": TYPES_PROTO, "demo/shop/shop.proto": SHOP_PROTO}
        for relative, text in files.items():
            path = os.path.join(sources, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as out:
                out.write(text)
        os.makedirs(generated)
        bundled = os.path.join(os.path.dirname(protoc.__file__), "_proto")
        status = protoc.main(
            ["protoc", f"-I{sources}", f"-I{bundled}", f"--python_out={generated}", f"--grpc_python_out={generated}"]
            + sorted(files)
        )
        if status != 0:
            sys.exit(f"protoc failed with status {status}")
        sys.path.insert(0, generated)
        try:
            modules = tuple(
                importlib.import_module(name)
                for name in ("demo.common.types_pb2", "demo.shop.shop_pb2", "demo.shop.shop_pb2_grpc")
            )
        finally:
            sys.path.remove(generated)
        return modules
    finally:
        # Everything is imported: the files are no longer needed.
        shutil.rmtree(workspace, ignore_errors=True)


def _register_v1_descriptor():
    """Adds grpc/reflection/v1/reflection.proto to the default pool: v1alpha's descriptor, renamed."""
    proto = descriptor_pb2.FileDescriptorProto()
    reflection_messages.DESCRIPTOR.CopyToProto(proto)
    old_prefix, new_prefix = f".{proto.package}.", ".grpc.reflection.v1."
    proto.name = "grpc/reflection/v1/reflection.proto"
    proto.package = "grpc.reflection.v1"
    proto.ClearField("options")

    def rename(message):
        for field in message.field:
            if field.type_name.startswith(old_prefix):
                field.type_name = new_prefix + field.type_name[len(old_prefix):]
        for nested in message.nested_type:
            rename(nested)

    for message in proto.message_type:
        rename(message)
    for service in proto.service:
        for method in service.method:
            method.input_type = new_prefix + method.input_type[len(old_prefix):]
            method.output_type = new_prefix + method.output_type[len(old_prefix):]
    pool = descriptor_pool.Default()
    try:
        pool.FindFileByName(proto.name)
    except KeyError:
        pool.AddSerializedFile(proto.SerializeToString())


def _reflection_handler(service_name, servicer, close_mid_stream):
    """A generic handler serving `servicer` (v1alpha messages, the same bytes as v1's) as `service_name`."""

    def info(request_iterator, context):
        if not close_mid_stream:
            yield from servicer.ServerReflectionInfo(request_iterator, context)
            return
        for index, request in enumerate(request_iterator):
            if index > 0:
                context.abort(grpc.StatusCode.UNAVAILABLE, "the reflection stream closes after one answer")
            yield from servicer.ServerReflectionInfo(iter([request]), context)

    method = grpc.stream_stream_rpc_method_handler(
        info,
        request_deserializer=reflection_messages.ServerReflectionRequest.FromString,
        response_serializer=reflection_messages.ServerReflectionResponse.SerializeToString,
    )
    return grpc.method_handlers_generic_handler(service_name, {"ServerReflectionInfo": method})


def _tls_credentials(directory):
    os.makedirs(directory, exist_ok=True)
    certificate = os.path.join(directory, "server.crt")
    key = os.path.join(directory, "server.key")
    # Several peers may share a folder: one of them makes the pair, the others wait for it.
    with open(os.path.join(directory, ".server-cert.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (os.path.isfile(certificate) and os.path.isfile(key)):
            staged_certificate, staged_key = certificate + ".new", key + ".new"
            command = [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650",
                "-keyout", staged_key, "-out", staged_certificate, "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
                "-addext", "extendedKeyUsage=serverAuth",
            ]
            result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
            if result.returncode != 0:
                sys.exit(f"openssl failed: {result.stderr}")
            os.replace(staged_key, key)
            os.replace(staged_certificate, certificate)
    with open(key, "rb") as source:
        key_bytes = source.read()
    with open(certificate, "rb") as source:
        certificate_bytes = source.read()
    return grpc.ssl_server_credentials([(key_bytes, certificate_bytes)])


def _exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reflection", choices=("both", "v1alpha", "v1"), default="both")
    parser.add_argument("--tls", metavar="CERT_DIR")
    parser.add_argument("--close-mid-stream", action="store_true")
    arguments = parser.parse_args()

    types_pb2, shop_pb2, shop_pb2_grpc = _compile_protos()

    def item(identifier):
        return shop_pb2.Item(
            id=identifier,
            name=f"item {identifier}",
            price=types_pb2.Money(currency=types_pb2.Money.Currency(code="EUR"), units=12, nanos=500_000_000),
            status=types_pb2.STATUS_AVAILABLE,
            dimensions=shop_pb2.Item.Dimensions(width=2.0, height=3.0),
            tags=["demo"],
        )

    class Catalog(shop_pb2_grpc.CatalogServicer):
        def GetItem(self, request, context):
            return item(request.id or "1")

        def ListItems(self, request, context):
            for identifier in ("1", "2", "3"):
                yield item(identifier)

    class Orders(shop_pb2_grpc.OrdersServicer):
        def PlaceOrder(self, request, context):
            receipt = shop_pb2.OrderReceipt(
                order_id=f"order-{request.item_id}",
                total=types_pb2.Money(currency=request.currency, units=12 * max(1, request.quantity)),
                status=types_pb2.STATUS_AVAILABLE,
            )
            receipt.placed_at.GetCurrentTime()
            return receipt

    server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=32))
    shop_pb2_grpc.add_CatalogServicer_to_server(Catalog(), server)
    shop_pb2_grpc.add_OrdersServicer_to_server(Orders(), server)

    reflection_services = {"both": (V1ALPHA, V1), "v1alpha": (V1ALPHA,), "v1": (V1,)}[arguments.reflection]
    if V1 in reflection_services:
        _register_v1_descriptor()
    servicer = reflection.ReflectionServicer(SERVICES + reflection_services)
    server.add_generic_rpc_handlers(
        tuple(_reflection_handler(name, servicer, arguments.close_mid_stream) for name in reflection_services)
    )

    if arguments.tls:
        port = server.add_secure_port("127.0.0.1:0", _tls_credentials(arguments.tls))
    else:
        port = server.add_insecure_port("127.0.0.1:0")
    if port == 0:
        sys.exit("could not bind a port on 127.0.0.1")
    server.start()
    print(f"grpc={port}")
    print("ready", flush=True)
    threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    server.wait_for_termination()


if __name__ == "__main__":
    main()

import Benchmark
import Foundation
import GatewayTransform

// JSON bodies as a transformation sees them: parsing an order list of 512 bytes, 5 KB and 50 KB (exactly those
// sizes, so `Scripts/bench --table` shows MB/s), and printing the 5 KB one. Each is measured for GatewayTransform and
// for what Foundation offers a Swift server (`JSONSerialization`, and `JSONDecoder`/`JSONEncoder` with a Codable
// model of the same document) in the same run, so the ratios compare like with like on one machine.
//
// Benchmark names follow `<scenario>/<engine>`; `Scripts/bench --table` relies on that shape.

private var timed: Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        scalingFactor: .one,
        maxDuration: .seconds(2),
        maxIterations: 200_000
    )
}

func jsonBenchmarks() {
    for (name, size) in [("JSONParse512B", 512), ("JSONParse5KB", 5 * 1024), ("JSONParse50KB", 50 * 1024)] {
        parseBenchmarks(name, document: OrderListDocument.make(bytes: size))
    }
    dumpBenchmarks("JSONDump5KB", document: OrderListDocument.make(bytes: 5 * 1024))
}

private func parseBenchmarks(_ name: String, document: [UInt8]) {
    let data = Data(document)

    Benchmark("\(name)/GatewayTransform", configuration: timed) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try JSONValue.parse(document))
        }
    } setup: {
        guard case .object(let object) = try JSONValue.parse(document), object["items"] != nil else {
            preconditionFailure("\(name): the document does not parse as an order list")
        }
    }

    Benchmark("\(name)/JSONSerialization", configuration: timed) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try JSONSerialization.jsonObject(with: data))
        }
    } setup: {
        let object = try JSONSerialization.jsonObject(with: data)
        precondition(object is [String: Any])
    }

    Benchmark("\(name)/JSONDecoder", configuration: timed) { benchmark in
        let decoder = JSONDecoder()
        for _ in benchmark.scaledIterations {
            blackHole(try decoder.decode(OrderList.self, from: data))
        }
    } setup: {
        let list = try JSONDecoder().decode(OrderList.self, from: data)
        precondition(!list.items.isEmpty)
    }
}

private func dumpBenchmarks(_ name: String, document: [UInt8]) {
    Benchmark("\(name)/GatewayTransform", configuration: timed) { (benchmark: Benchmark, value: JSONValue) in
        for _ in benchmark.scaledIterations {
            blackHole(try value.dump())
        }
    } setup: {
        try JSONValue.parse(document)
    }

    Benchmark("\(name)/JSONSerialization", configuration: timed) { (benchmark: Benchmark, object: Any) in
        for _ in benchmark.scaledIterations {
            blackHole(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        }
    } setup: {
        try JSONSerialization.jsonObject(with: Data(document))
    }

    Benchmark("\(name)/JSONEncoder", configuration: timed) { (benchmark: Benchmark, list: OrderList) in
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for _ in benchmark.scaledIterations {
            blackHole(try encoder.encode(list))
        }
    } setup: {
        try JSONDecoder().decode(OrderList.self, from: Data(document))
    }
}

// MARK: - The document

/// A page of an e-commerce order list, as an API returns it: paging and orders with a customer, order lines,
/// tags, a shipping address and free text, with non-ASCII names and escaped characters. Deterministic.
enum OrderListDocument {
    /// A compact document of exactly `bytes` bytes: as many orders as fit, the last order's notes padded to size.
    static func make(bytes target: Int) -> [UInt8] {
        var generator = Generator()
        var orders: [String] = []
        var document = text(orders: orders)
        while true {
            let order = generator.order(number: orders.count + 1)
            let longer = text(orders: orders + [order])
            if longer.utf8.count > target && !orders.isEmpty {
                break
            }
            orders.append(order)
            document = longer
        }
        // Pad the last order's notes (`…Ring twice."}`) to the exact size.
        let padding = String(repeating: " Thanks!", count: target / 8 + 1)
        let missing = target - document.utf8.count
        precondition(missing >= 0, "one order is larger than \(target) bytes")
        let notesEnd = document.range(of: "Ring twice.", options: .backwards)?.upperBound ?? document.endIndex
        document.insert(contentsOf: padding.prefix(missing), at: notesEnd)
        precondition(document.utf8.count == target)
        return Array(document.utf8)
    }

    private static func text(orders: [String]) -> String {
        #"{"kind":"OrderList","page":1,"pageSize":\#(orders.count),"total":\#(orders.count * 37),"items":["#
            + orders.joined(separator: ",") + "]}"
    }

    /// A linear congruential generator: the same documents on every platform.
    private struct Generator {
        private var state: UInt64 = 0x5EED

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func pick(_ choices: [String]) -> String {
            choices[next(choices.count)]
        }

        mutating func order(number: Int) -> String {
            let names = ["Ana Müller", "Bo Chen", "Carla Díaz", "Dmitri Ivanov", "Emma O'Brien", "Günther Weiß"]
            let products = ["Widget", #"Gadget \"Pro\""#, "Cable 2m", "Adapter/USB-C", "Case — black", "Charger 65W"]
            let lines = (0...next(2)).map { _ in
                #"{"sku":"SKU-\#(1000 + next(9000))","name":"\#(pick(products))","quantity":\#(1 + next(5)),"#
                    + #""unitPrice":\#(next(2000)).\#(10 + next(90))}"#
            }
            let tracking = next(2) == 0 ? "null" : #""1Z\#(100_000 + next(900_000))""#
            return #"{"id":"ord_\#(100_000 + number)","customer":{"id":\#(10_000 + next(90_000)),"#
                + #""name":"\#(pick(names))","email":"user\#(next(1000))@example.com","vip":\#(next(5) == 0)},"#
                + #""status":"\#(pick(["pending", "paid", "shipped", "delivered"]))","#
                + #""createdAt":"2024-04-\#(10 + next(20))T\#(10 + next(13)):\#(10 + next(50)):00Z","#
                + #""total":\#(next(100_000)).\#(10 + next(90)),"currency":"EUR","lines":[\#(lines.joined(separator: ","))],"#
                + #""tags":["gift","express"],"shipping":{"method":"express","city":"\#(pick(["Berlin", "São Paulo", "Zürich", "Kraków"]))","#
                + #""country":"DE","trackingNumber":\#(tracking)},"notes":"Leave at the door.\nRing twice."}"#
        }
    }
}

/// The Codable model of the document, for `JSONDecoder` and `JSONEncoder`.
struct OrderList: Codable {
    struct Order: Codable {
        var id: String
        var customer: Customer
        var status: String
        var createdAt: String
        var total: Double
        var currency: String
        var lines: [Line]
        var tags: [String]
        var shipping: Shipping
        var notes: String
    }

    struct Customer: Codable {
        var id: Int
        var name: String
        var email: String
        var vip: Bool
    }

    struct Line: Codable {
        var sku: String
        var name: String
        var quantity: Int
        var unitPrice: Double
    }

    struct Shipping: Codable {
        var method: String
        var city: String
        var country: String
        var trackingNumber: String?
    }

    var kind: String
    var page: Int
    var pageSize: Int
    var total: Int
    var items: [Order]
}

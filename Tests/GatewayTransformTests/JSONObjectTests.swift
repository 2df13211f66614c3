import GatewayTransform
import Testing

@Suite("JSON objects")
struct JSONObjectTests {
    @Test("members stay sorted by byte and unique; the last value for a key wins")
    func sortedUnique() {
        let object = JSONObject([
            .init(key: Array("b".utf8), value: .int(1)),
            .init(key: Array("a".utf8), value: .int(2)),
            .init(key: Array("b".utf8), value: .int(3)),
            .init(key: Array("é".utf8), value: .null),
            .init(key: Array("Z".utf8), value: .bool(true)),
        ])
        #expect(object.map { String(decoding: $0.key, as: UTF8.self) } == ["Z", "a", "b", "é"])
        #expect(object["b"] == .int(3))
        #expect(object["c"] == nil)
    }

    @Test("setting nil removes a member")
    func removal() {
        var object = JSONObject()
        object["x"] = .string("y")
        object["x"] = nil
        #expect(object.isEmpty)
    }
}

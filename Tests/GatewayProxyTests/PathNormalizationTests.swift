import Testing

@testable import GatewayProxy

/// Gloo's `normalize_path` as Envoy 1.40 applied it to these paths (merge_slashes off unless said).
@Suite("Path normalisation")
struct PathNormalizationTests {
    @Test(
        "as Envoy normalises",
        arguments: [
            ("/a/../b", "/b"), ("/a/./b", "/a/b"), ("/a//b", "/a//b"), ("/%61bc", "/abc"), ("/%7Euser", "/~user"),
            ("/a%2Fb", "/a%2Fb"), ("/a%2fb", "/a%2fb"), ("/A%2a", "/A%2a"), ("/caf%C3%A9", "/caf%C3%A9"),
            ("/%zz", "/%zz"), ("/..", "/"), ("/a/b/../../..", "/"), ("/a/%2e%2e/b", "/b"), ("/a\\b", "/a/b"),
            ("/a?x=/../y", "/a?x=/../y"), ("/plain/path?q=1", "/plain/path?q=1"), ("/a/b/.", "/a/b/"),
            ("/a/b/..", "/a/"), ("/", "/"),
        ]
    )
    func normalises(path: String, expected: String) {
        #expect(PathNormalization.normalize(path, mergeSlashes: false) == expected)
    }

    @Test("merge_slashes collapses runs of slashes, in the path only")
    func mergesSlashes() {
        #expect(PathNormalization.normalize("//a///b/?x=//y", mergeSlashes: true) == "/a/b/?x=//y")
    }

    @Test("a target that is not a path is refused")
    func refuses() {
        #expect(PathNormalization.normalize("a/b", mergeSlashes: false) == nil)
        #expect(PathNormalization.normalize("*", mergeSlashes: false) == "*")
    }
}

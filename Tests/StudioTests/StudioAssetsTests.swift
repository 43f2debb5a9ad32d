import Foundation
@testable import Studio
import Testing
import TestSupport

/// The page compiled into wizdb-studio is the page in studio/page.
@Suite struct StudioAssetsTests {
    static let pageRoot = GoldenSession.packageRoot + "/studio/page"

    @Test func embeddedPageMatchesTheFolder() throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.pageRoot))
        var onDisk: [String: String] = [:]
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = Self.pageRoot + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            onDisk["/" + relative] = try String(contentsOfFile: path, encoding: .utf8)
        }
        #expect(Set(onDisk.keys) == Set(StudioAssets.files.keys), "Sources/Studio/StudioAssets.swift is stale: run scripts/embed-studio")
        for (path, text) in onDisk {
            // index.html names the other files under /s/<version>/.
            let embedded = StudioAssets.files[path]?.text.replacingOccurrences(of: "=\"/s/\(StudioAssets.version)/", with: "=\"/")
            #expect(embedded == text, "\(path) changed since it was embedded: run scripts/embed-studio")
        }
    }

    @Test func everyFileHasAContentTypeAndThePageLoadsOnlyItsOwnFiles() throws {
        let index = try #require(StudioAssets.files["/index.html"])
        #expect(index.contentType == "text/html; charset=utf-8")
        #expect(!index.text.contains("http://") && !index.text.contains("https://"), "no CDN: the page works offline")
        #expect(!index.text.contains("<script>") && !index.text.contains(" style="), "no inline script or style: CSP default-src 'self'")
        for (path, asset) in StudioAssets.files {
            #expect(!asset.contentType.isEmpty, "\(path)")
            if path.hasSuffix(".js") {
                #expect(asset.contentType == "text/javascript; charset=utf-8")
                #expect(!asset.text.contains("https://") && !asset.text.contains("eval("), "\(path) loads nothing from elsewhere")
            }
        }
    }
}

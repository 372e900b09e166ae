import Interchange
import LedgerCore
import Testing

@Suite("Goods-receipt CSV")
struct GoodsReceiptsCSVTests {
    static let header = "receipt_id,entity,supplier,date,currency,amount,account,description,invoice\n"

    private func parse(_ body: String) throws -> ParsedGoodsReceipts {
        try GoodsReceiptsCSV.parse(Array((Self.header + body).utf8), file: "gr.csv", group: DemoGroup.definition())
    }

    /// The location of the refusal of `body` (after the header, so its first line is line 2).
    private func refusal(_ body: String, header: String = Self.header) -> LedgerError? {
        #expect(throws: LedgerError.self) {
            try GoodsReceiptsCSV.parse(Array((header + body).utf8), file: "gr.csv", group: DemoGroup.definition())
        }
    }

    @Test func readsReceiptsWithAndWithoutInvoice() throws {
        let parsed = try parse("""
            GR-1,US01,SUP-US01-01,2026-05-06,USD,1450.00,1200,Packaging,0101-000003
            GR-2,JP01,SUP-JP01-01,2026-05-29,JPY,783025,5000,"Freight, sea",

            """)
        #expect(parsed.lines == [2, 3])
        #expect(parsed.receipts == [
            GoodsReceipt(id: "GR-1", entity: "US01", supplier: "SUP-US01-01", date: try CalendarDate(parsing: "2026-05-06"), currency: .usd,
                         amountMinor: 145_000, account: "1200", description: "Packaging", invoice: "0101-000003"),
            GoodsReceipt(id: "GR-2", entity: "JP01", supplier: "SUP-JP01-01", date: try CalendarDate(parsing: "2026-05-29"), currency: .jpy,
                         amountMinor: 783_025, account: "5000", description: "Freight, sea", invoice: nil),
        ])
    }

    @Test func everyRefusalNamesFileLineAndField() {
        let good = "GR-1,US01,SUP-1,2026-05-06,USD,1450.00,1200,Packaging,\n"
        let cases: [(String, LedgerError.Code, String, String)] = [
            ("GR-2,FR01,SUP-1,2026-05-06,USD,1.00,1200,x,\n", .unknownEntity, "entity", "unknown entity 'FR01'"),
            ("GR-2,CONS,SUP-1,2026-05-06,USD,1.00,1200,x,\n", .unknownEntity, "entity", "operating entity"),
            ("GR-2,US01,,2026-05-06,USD,1.00,1200,x,\n", .invalidEntry, "supplier", "supplier is empty"),
            ("GR-2,US01,SUP-1,05/06/2026,USD,1.00,1200,x,\n", .invalidDate, "date", ""),
            ("GR-2,US01,SUP-1,2026-05-06,usd,1.00,1200,x,\n", .invalidCurrency, "currency", ""),
            ("GR-2,US01,SUP-1,2026-05-06,USD,1.001,1200,x,\n", .invalidAmount, "amount", "USD amounts have at most 2 decimals"),
            ("GR-2,JP01,SUP-1,2026-05-06,JPY,100.5,1200,x,\n", .invalidAmount, "amount", "JPY amounts have no decimals"),
            ("GR-2,US01,SUP-1,2026-05-06,USD,-5.00,1200,x,\n", .invalidAmount, "amount", ""),
            ("GR-2,US01,SUP-1,2026-05-06,USD,0.00,1200,x,\n", .invalidAmount, "amount", "is zero"),
            ("GR-2,US01,SUP-1,2026-05-06,USD,1.00,1234,x,\n", .unknownAccount, "account", "unknown account '1234'"),
            ("GR-2,US01,SUP-1,2026-05-06,USD,1.00,2150,x,\n", .unknownAccount, "account", "intercompany"),
            ("GR-1,US01,SUP-1,2026-05-07,USD,1.00,1200,x,\n", .invalidEntry, "receipt_id", "already used on line 2"),
            (" GR-2,US01,SUP-1,2026-05-06,USD,1.00,1200,x,\n", .invalidEntry, "receipt_id", "starts or ends with a space"),
        ]
        for (line, code, field, words) in cases {
            let error = refusal(good + line)
            #expect(error?.code == code, "\(line)")
            #expect(error?.location == SourceLocation(file: "gr.csv", line: 3, field: field), "\(line): \(error?.description ?? "")")
            #expect(error?.message.contains(words) == true, "\(line): \(error?.message ?? "")")
        }
    }

    @Test func theHeaderAndShapeAreStrict() {
        #expect(refusal("", header: "")?.message.contains("the file is empty") == true)
        #expect(refusal("")?.message.contains("header but no goods receipts") == true)
        let missing = refusal("GR-1,US01,SUP-1,2026-05-06,USD,1.00,1200,x\n",
                              header: "receipt_id,entity,supplier,date,currency,amount,account,description\n")
        #expect(missing?.location == SourceLocation(file: "gr.csv", line: 1, field: "invoice"))
        let short = refusal("GR-1,US01,SUP-1,2026-05-06,USD,1.00,1200\n")
        #expect(short?.location == SourceLocation(file: "gr.csv", line: 2))
    }
}

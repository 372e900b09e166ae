import LedgerCore

/// Plausible names for counterparties, products and expenses. Fixed lists, so the same
/// seed gives the same names everywhere.
enum Names {
    static let stems = [
        "Northwind", "Bluewater", "Ironbridge", "Silverline", "Redwood", "Granite", "Harbor", "Summit",
        "Keystone", "Lakeside", "Meridian", "Oakfield", "Pinecrest", "Riverside", "Stonegate", "Westbrook",
        "Brightpath", "Clearview", "Eastgate", "Fairmont", "Goldleaf", "Highland", "Juniper", "Kingsway",
    ]
    static let trades = [
        "Industries", "Logistics", "Manufacturing", "Trading", "Systems", "Engineering", "Supplies", "Foods",
        "Components", "Retail", "Technologies", "Services",
    ]

    static func legalForm(_ country: String) -> String {
        switch country {
        case "DE", "AT", "CH": "GmbH"
        case "GB", "IE": "Ltd"
        case "JP": "KK"
        case "FR": "SARL"
        case "US", "CA": "Inc."
        default: "Ltd"
        }
    }

    static func company(_ sampler: inout Sampler, country: String, taken: inout Set<String>) -> String {
        for _ in 0..<20 {
            let name = "\(sampler.pick(stems)) \(sampler.pick(trades)) \(legalForm(country))"
            if taken.insert(name).inserted { return name }
        }
        // Lists exhausted: a numbered name stays unique.
        let name = "\(sampler.pick(stems)) \(sampler.pick(trades)) \(taken.count + 1) \(legalForm(country))"
        taken.insert(name)
        return name
    }

    static let products = [
        "Valve assembly", "Pump housing", "Sensor module", "Control unit", "Bearing set", "Gear motor",
        "Cable harness", "Filter cartridge", "Service hours", "Installation", "Spare parts kit", "Maintenance contract",
    ]
    static let supplies = [
        "Raw materials", "Packaging", "Steel sheets", "Electronic parts", "Freight", "Machined parts",
    ]
    static let departments = ["Sales", "Operations", "Finance", "Engineering", "Administration"]
    static let landlords = ["Property Management", "Real Estate Holdings", "Estates"]
    static let utilities = ["Power & Light", "City Utilities", "Telecom", "Water Works"]
    static let assets = ["Forklift", "CNC machine", "Laptops", "Delivery van", "Server rack", "Office furniture"]

    /// Sales or value-added tax in percent where it belongs; US B2B sales carry none.
    static func taxPercent(_ country: String) -> Int {
        switch country {
        case "US": 0
        case "DE": 19
        case "GB", "FR", "AT": 20
        case "JP": 10
        case "CH": 8
        default: 20
        }
    }
}

import Foundation
import Survey
import TestSupport
import Testing

@testable import Ingestion

/// Every validation rule of SPEC 3.3/3.4 with a row that breaks it: the exact message, at
/// the exact line and column, and the row in the rejects.
struct ValidationRuleTests {
    static let members = """
        member_id;name;region;department;structure_type;active
        A1;Alpha;Bretagne;29;AI;oui
        A2;Beta;Bretagne;35;ACI;yes
        A3;Gamma;Corse;2A;EI;non

        """
    static let barometerHeader =
        "member_id;quarter;activity_past;activity_outlook;employment_past;employment_outlook;cash_position;employees_integration;employees_permanent;hours_worked;turnover_eur\n"
    static let genderHeader =
        "member_id;year;population;sex;headcount;hours_worked;gross_pay_eur;trained;exits;exits_to_employment\n"
    static let fundingHeader =
        "member_id;year;sales_eur;state_eur;department_eur;region_eur;municipality_eur;esf_eur;other_public_eur;private_grants_eur;other_income_eur\n"

    /// Loads a folder made of the registry above plus one file; returns the diagnostics with
    /// the folder's path removed, and the load result.
    static func load(_ relative: String, _ text: String, members: String = members) throws -> ([String], LoadResult) {
        let root = try TestSupport.temporaryFolder("rules")
        defer { TestSupport.remove(root) }
        try TestSupport.write(members, to: root.appendingPathComponent("members.csv"))
        if relative != "members.csv" {
            try TestSupport.write(text, to: root.appendingPathComponent(relative))
        }
        let result = DatasetLoader(root: root.path).load()
        let prefix = root.path + "/"
        return (result.diagnostics.map { $0.description.replacingOccurrences(of: prefix, with: "") }, result)
    }

    static let cases: [(String, String, String)] = [
        // members.csv
        (
            "members.csv", "member_id;name;region;department;structure_type;active\na b;X;R;29;AI;oui\n",
            "members.csv:2:member_id: error: not a valid member id (1 to 32 letters, digits, '_' or '-') (value: 'a b')"
        ),
        (
            "members.csv", "member_id;name;region;department;structure_type;active\nB1;;R;29;AI;oui\n",
            "members.csv:2:name: error: name is required"
        ),
        (
            "members.csv", "member_id;name;region;department;structure_type;active\nB1;X;NA;29;AI;oui\n",
            "members.csv:2:region: error: region is required (value: 'NA')"
        ),
        (
            "members.csv", "member_id;name;region;department;structure_type;active\nB1;X;Corse;20;AI;oui\n",
            "members.csv:2:department: error: not a French département code (01–95, 2A, 2B, 971–976); the value is left out, the rest of the row is used (value: '20')"
        ),
        (
            "members.csv", "member_id;name;region;department;structure_type;active\nB1;X;R;29;SCOP;oui\n",
            "members.csv:2:structure_type: error: unknown structure type (AI, ACI, EI, ETTI, GEIQ, SAP or OTHER) (value: 'SCOP')"
        ),
        (
            "members.csv", "member_id;name;region;department;structure_type;active\nB1;X;R;29;AI;peut-être\n",
            "members.csv:2:active: error: not yes/no (oui/non, true/false, 1/0) (value: 'peut-être')"
        ),
        (
            "members.csv", "id_adherent;nom;region;type_structure\nB1;X;R;AI\nB2;Y;R;ACI\nB1;Z;R;EI\n",
            "members.csv:4:id_adherent: error: member_id is already defined on line 2; this later row is ignored (value: 'B1')"
        ),
        // barometer
        (
            "barometer/2014-Q4.csv", barometerHeader + "Z9;2014-Q4;up;up;up;up;easy;1;1;1;1\n",
            "barometer/2014-Q4.csv:2:member_id: error: unknown member: not in members.csv (value: 'Z9')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-T3;up;up;up;up;easy;1;1;1;1\n",
            "barometer/2014-Q4.csv:2:quarter: error: the row is for 2014-Q3 but the file is for 2014-Q4 (value: '2014-T3')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;Q9;up;up;up;up;easy;1;1;1;1\n",
            "barometer/2014-Q4.csv:2:quarter: error: not a quarter (write it like 2014-Q4, 2014-T4 or T4 2014) (value: 'Q9')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;peut-être;up;up;easy;1;1;1;1\n",
            "barometer/2014-Q4.csv:2:activity_outlook: error: not an answer (up/hausse/+, stable/=, down/baisse, or empty); the value is left out, the rest of the row is used (value: 'peut-être')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;up;up;up;bof;1;1;1;1\n",
            "barometer/2014-Q4.csv:2:cash_position: error: not an answer (easy/aisée, normal/normale, difficult/difficile, or empty); the value is left out, the rest of the row is used (value: 'bof')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;up;up;up;easy;-3;1;1;1\n",
            "barometer/2014-Q4.csv:2:employees_integration: error: must not be negative; the value is left out, the rest of the row is used (value: '-3')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;up;up;up;easy;1;2,5;1;1\n",
            "barometer/2014-Q4.csv:2:employees_permanent: error: must be a whole number; the value is left out, the rest of the row is used (value: '2,5')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;up;up;up;easy;9223372036854775807;1;1;1\n",
            "barometer/2014-Q4.csv:2:employees_integration: error: a count above 1 000 000 000 is not plausible; the value is left out, the rest of the row is used (value: '9223372036854775807')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;up;up;up;easy;1;1;1e3;1\n",
            "barometer/2014-Q4.csv:2:hours_worked: error: numbers with an exponent are not accepted; write the number in full; the value is left out, the rest of the row is used (value: '1e3')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;up;up;up;easy;1;1;1;12,345\n",
            "barometer/2014-Q4.csv:2:turnover_eur: error: an amount in euros has at most 2 decimals (cents); the value is left out, the rest of the row is used (value: '12,345')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;up;up;up;easy;1;1;1;NaN\n",
            "barometer/2014-Q4.csv:2:turnover_eur: error: NaN and infinity are not numbers here; the value is left out, the rest of the row is used (value: 'NaN')"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;up;up;up;easy;1;1\n",
            "barometer/2014-Q4.csv:2:-: error: the record has 9 fields but the header has 11"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader + "A1;2014-Q4;up;up;up;up;easy;1;1;1;1;;oops\n",
            "barometer/2014-Q4.csv:2:-: error: the record has 13 fields but the header has 11; field 13 is not empty"
        ),
        (
            "barometer/2014-Q4.csv",
            barometerHeader
                + "A1;2014-Q4;up;up;up;up;easy;1;1;1;1\nA2;2014-Q4;up;up;up;up;easy;1;1;1;1\nA1;2014-Q4;down;up;up;up;easy;1;1;1;1\n",
            "barometer/2014-Q4.csv:4:-: warning: member A1 is also given on line 2; this later line replaces it"
        ),
        (
            "barometer/2014-Q4.csv",
            barometerHeader + "A1;2014-Q4;up;up;up;up;easy;1;1;1;1\nA3;2014-Q4;up;up;up;up;easy;1;1;1;1\n",
            "barometer/2014-Q4.csv:3:-: warning: 1 row belongs to members marked inactive in members.csv: accepted but not counted"
        ),
        (
            "barometer/2014-Q4.csv", "member_id;quarter;activity_past\nA1;2014-Q4;up\n",
            "barometer/2014-Q4.csv:1:activity_outlook: error: missing required column 'activity_outlook' (French: 'Activité prévue')"
        ),
        (
            "barometer/2014-Q4.csv", "member_id;id_adherent\nA1;A1\n",
            "barometer/2014-Q4.csv:1:id_adherent: error: column 'id_adherent' is the same as column 'member_id' (member_id); keep only one"
        ),
        (
            "barometer/2014-Q4.csv",
            barometerHeader.dropLast() + ";commentaire\nA1;2014-Q4;up;up;up;up;easy;1;1;1;1;ok\n",
            "barometer/2014-Q4.csv:1:commentaire: warning: unknown column 'commentaire' is ignored (expected: member_id, quarter, activity_past, activity_outlook, employment_past, employment_outlook, cash_position, employees_integration, employees_permanent, hours_worked, turnover_eur)"
        ),
        (
            "barometer/2014-Q4.csv", barometerHeader,
            "barometer/2014-Q4.csv:1:-: warning: the file has a header but no data rows"
        ),
        (
            "barometer/dernier.csv", barometerHeader,
            "barometer/dernier.csv:1:-: error: the file name is not a period: name it like 2014-Q4.csv (or move it out of barometer/); it could be any period, so no barometer report is written"
        ),
        // gender
        (
            "gender/2014.csv", genderHeader + "A1;2014;integration;F;10;;;11;;\n",
            "gender/2014.csv:2:trained: error: more people trained (11) than the headcount (10); the value is left out, the rest of the row is used (value: '11')"
        ),
        (
            "gender/2014.csv", genderHeader + "A1;2014;integration;F;10;;;;4;5\n",
            "gender/2014.csv:2:exits_to_employment: error: more exits to employment (5) than exits (4); the value is left out, the rest of the row is used (value: '5')"
        ),
        (
            "gender/2014.csv", genderHeader + "A1;2014;integration;F;10;;;;;5\n",
            "gender/2014.csv:2:exits_to_employment: error: exits to employment are given without the number of exits; the value is left out, the rest of the row is used (value: '5')"
        ),
        (
            "gender/2014.csv", genderHeader + "A1;2014;board;M;7;120;;;;\n",
            "gender/2014.csv:2:hours_worked: error: hours are not asked for board members; the value is left out, the rest of the row is used (value: '120')"
        ),
        (
            "gender/2014.csv", genderHeader + "A1;2014;board;M;7;;1000;;;\n",
            "gender/2014.csv:2:gross_pay_eur: error: pay is not asked for board members; the value is left out, the rest of the row is used (value: '1000')"
        ),
        (
            "gender/2014.csv", genderHeader + "A1;2013;board;M;7;;;;;\n",
            "gender/2014.csv:2:year: error: the row is for 2013 but the file is for 2014 (value: '2013')"
        ),
        (
            "gender/2014.csv", genderHeader + "A1;2014;interns;M;7;;;;;\n",
            "gender/2014.csv:2:population: error: unknown population (integration, permanent, management or board) (value: 'interns')"
        ),
        (
            "gender/2014.csv", genderHeader + "A1;2014;board;X;7;;;;;\n",
            "gender/2014.csv:2:sex: error: unknown sex (F/femme/W or M/homme) (value: 'X')"
        ),
        (
            "gender/2014.csv", genderHeader + "A1;2014;board;F;;;;;;\n",
            "gender/2014.csv:2:headcount: error: headcount is required"
        ),
        (
            "gender/2014.csv", genderHeader + "A1;2014;board;F;3;;;;;\nA1;2014;board;W;4;;;;;\n",
            "gender/2014.csv:3:-: warning: member A1, board, F is also given on line 2; this later line replaces it"
        ),
        // funding
        (
            "funding/2014.csv", fundingHeader + "A1;2014;100;-5;;;;;;;\n",
            "funding/2014.csv:2:state_eur: error: must not be negative (value: '-5')"
        ),
        (
            "funding/2014.csv", fundingHeader + "A1;2014;;0;;;-;;;NA;\n",
            "funding/2014.csv:2:-: error: all resources are zero or missing: nothing to share out"
        ),
        (
            "funding/2014.csv", fundingHeader + "A1;2015;100;;;;;;;;\n",
            "funding/2014.csv:2:year: error: the row is for 2015 but the file is for 2014 (value: '2015')"
        ),
        (
            "funding/2014.csv", fundingHeader + "A1;2014;100;;;;;;;;\nA1;2014;200;;;;;;;;\n",
            "funding/2014.csv:3:-: warning: member A1 is also given on line 2; this later line replaces it"
        ),
    ]

    @Test(arguments: cases.indices)
    func rule(_ i: Int) throws {
        let (relative, text, expected) = Self.cases[i]
        let members = relative == "members.csv" ? text : Self.members
        let (diagnostics, result) = try Self.load(relative, text, members: members)
        #expect(diagnostics.contains(expected), "expected \(expected)\ngot \(diagnostics)")
        for file in result.files {
            #expect(file.rowsRead == file.accepted + file.rejected + file.replaced, "\(file.relativePath)")
        }
    }

    @Test func rejectedRowsKeepTheirRecordAndCounts() throws {
        let text =
            Self.barometerHeader
            + "A1;2014-Q4;up;up;up;up;easy;1;1;1;1\n"
            + "A2;2014-Q4;up;\"so; so\";up;up;easy;1;1;1;1\n"
            + "A2;2014-Q4;down;down;down;down;difficile;2;2;2;2\n"
            + "A1;2014-Q4;stable;stable;stable;stable;normale;3;3;3;3\n"
        let (_, result) = try Self.load("barometer/2014-Q4.csv", text)
        let report = try #require(result.files.first { $0.relativePath == "barometer/2014-Q4.csv" })
        // Two members each sent twice: the earlier rows are replaced (warnings), not rejected;
        // the bad answer of line 3 was an error, but its row was replaced by line 4, so no
        // value is left out of the statistics.
        #expect(report.rowsRead == 4)
        #expect(report.accepted == 2)
        #expect(report.rejected == 0)
        #expect(report.replaced == 2)
        #expect(report.rejectedValues == 0)
        #expect(report.errorCount == 1)
        #expect(
            report.rejections == [
                Rejection(
                    file: "barometer/2014-Q4.csv", line: 2, column: "", value: "",
                    reason: "replaced by line 5 (member A1 given twice; the later line wins)", scope: .replaced,
                    record: "A1;2014-Q4;up;up;up;up;easy;1;1;1;1"),
                Rejection(
                    file: "barometer/2014-Q4.csv", line: 3, column: "", value: "",
                    reason: "replaced by line 4 (member A2 given twice; the later line wins)", scope: .replaced,
                    record: "A2;2014-Q4;up;\"so; so\";up;up;easy;1;1;1;1"),
            ])
        // The later line won: A1's answers are those of line 5.
        let responses = try #require(result.dataset.barometer[Quarter(year: 2014, number: 4)!])
        #expect(responses.map(\.line) == [5, 4])
        #expect(responses[0].activityPast == .stable)
        #expect(responses[0].turnoverCents == 300)
        #expect(responses[1].cashPosition == .down)
        #expect(responses[1].hoursWorked == 2)
    }

    @Test func aMemberWhoseRegistryRowWasRejectedIsNamedSo() throws {
        let members = Self.members + "B9;Bad;Bretagne;29;SCOP;oui\n"
        let (diagnostics, _) = try Self.load(
            "barometer/2014-Q4.csv", Self.barometerHeader + "B9;2014-Q4;up;up;up;up;easy;1;1;1;1\n", members: members)
        #expect(
            diagnostics.contains(
                "members.csv:5:structure_type: error: unknown structure type (AI, ACI, EI, ETTI, GEIQ, SAP or OTHER) (value: 'SCOP')"
            ))
        #expect(
            diagnostics.contains(
                "barometer/2014-Q4.csv:2:member_id: error: member not in the registry: its row in members.csv (line 5) was rejected (value: 'B9')"
            ))
    }

    /// Excel turns the id 0042 into the number 42: the message says which id was meant.
    @Test func anIdStrippedOfItsLeadingZerosIsNamed() throws {
        let members = Self.members + "0042;Zero;Bretagne;29;AI;oui\n"
        let (diagnostics, _) = try Self.load(
            "barometer/2014-Q4.csv", Self.barometerHeader + "42;2014-Q4;up;up;up;up;easy;1;1;1;1\n", members: members)
        #expect(
            diagnostics.contains(
                "barometer/2014-Q4.csv:2:member_id: error: unknown member: not in members.csv; did Excel drop its leading zeros? the registry has 0042 (format the column as text) (value: '42')"
            ), "\(diagnostics)")
    }

    @Test func twoFilesForOnePeriodAreRefused() throws {
        let root = try TestSupport.temporaryFolder("clash")
        defer { TestSupport.remove(root) }
        try TestSupport.write(Self.members, to: root.appendingPathComponent("members.csv"))
        try TestSupport.write(
            Self.barometerHeader + "A1;2014-Q4;up;up;up;up;easy;1;1;1;1\n",
            to: root.appendingPathComponent("barometer/2014-Q4.csv"))
        try TestSupport.write(
            Self.barometerHeader + "A2;2014-Q4;up;up;up;up;easy;1;1;1;1\n",
            to: root.appendingPathComponent("barometer/2014-T4.csv"))
        let result = DatasetLoader(root: root.path).load()
        #expect(result.exitCode == 65)
        #expect(
            result.diagnostics.map(\.description).contains(
                "\(root.path)/barometer/2014-T4.csv:1:-: error: names the same period as barometer/2014-Q4.csv; keep one file per period"
            ))
        #expect(result.dataset.barometer[Quarter(year: 2014, number: 4)!]?.map(\.member) == [0])
    }

    @Test func registryWithoutUsableFileStopsTheRest() throws {
        let (diagnostics, result) = try Self.load(
            "barometer/2014-Q4.csv", Self.barometerHeader, members: "member_id;name\nA1;x\n")
        #expect(result.exitCode == 65)
        #expect(
            diagnostics.contains("members.csv:1:region: error: missing required column 'region' (French: 'Région')"))
        #expect(diagnostics.contains("members.csv:1:-: error: without a usable registry no other file can be checked"))
    }

    @Test func missingRegistryIsExit66() throws {
        let root = try TestSupport.temporaryFolder("no-registry")
        defer { TestSupport.remove(root) }
        let result = DatasetLoader(root: root.path).load()
        #expect(result.exitCode == 66)
    }

    @Test func decodedValuesOfAGoodRow() throws {
        let text = Self.barometerHeader + "A2;T4 2014;hausse;=;baisse;;aisée;1 204;3;1 234,5;12 345,67\n"
        let (diagnostics, result) = try Self.load("barometer/2014-Q4.csv", text)
        #expect(diagnostics.isEmpty)
        let r = try #require(result.dataset.barometer[Quarter(year: 2014, number: 4)!]?.first)
        #expect(r.member == 1)
        #expect(r.activityPast == .up && r.activityOutlook == .stable && r.employmentPast == .down)
        #expect(r.employmentOutlook == nil && r.cashPosition == .up)
        #expect(r.employeesIntegration == 1204 && r.employeesPermanent == 3)
        #expect(r.hoursWorked == 1234.5 && r.turnoverCents == 1_234_567)
    }

    /// A later line's values, not only its warning, are what the year holds: the gender row
    /// and the funding return keep the place of the first line with the values of the last.
    @Test func theLaterLinesValuesAreKept() throws {
        let (_, gender) = try Self.load(
            "gender/2014.csv",
            Self.genderHeader + "A1;2014;board;F;3;;;;;\nA2;2014;board;F;1;;;;;\nA1;2014;board;W;4;;;2;;\n")
        let rows = try #require(gender.dataset.gender[2014])
        #expect(rows.count == 2)
        let a1 = try #require(rows.record(member: 0, population: .board, sex: .female))
        #expect(a1.headcount == 4 && a1.trained == 2 && a1.line == 4)
        let (_, funding) = try Self.load(
            "funding/2014.csv",
            Self.fundingHeader + "A1;2014;100;5;;;;;;;\nA2;2014;7;;;;;;;;\nA1;2014;200;;;;;;;;9\n")
        let returns = try #require(funding.dataset.funding[2014])
        #expect(returns.map(\.member) == [0, 1])
        #expect(returns[0].cents == [20_000, 0, 0, 0, 0, 0, 0, 0, 900] && returns[0].line == 4)
    }
}

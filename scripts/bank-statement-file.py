#!/usr/bin/env python3
"""Writes a large bank statement file for the memory figures of docs/performance.md (issue 18).

    scripts/bank-statement-file.py csv|camt LINES PER_STATEMENT > FILE

Daily statements of the demo group's US01/1000 account (USD, US021000021000123456), one day
each from 2026-01-01, PER_STATEMENT lines a statement, LINES lines in all, running balances
from 1,000,000.00. Amounts come from random.Random(1), so a run writes the same bytes; the
CSV and the camt.053 of the same arguments hold the same statements. Integer cents only.
"""
import datetime
import random
import sys

IBAN = "US021000021000123456"


def cents(minor):
    sign = "-" if minor < 0 else ""
    return f"{sign}{abs(minor) // 100}.{abs(minor) % 100:02d}"


def statements(lines, per_statement):
    rng = random.Random(1)
    balance = 100_000_000
    day = datetime.date(2026, 1, 1)
    number = 0
    while number < lines:
        count = min(per_statement, lines - number)
        opening = balance
        rows = []
        for _ in range(count):
            number += 1
            amount = rng.randint(1, 500_000) * (1 if rng.random() < 0.5 else -1)
            balance += amount
            rows.append((number, amount, balance))
        yield f"US01-1000-{day.isoformat()}", day.isoformat(), opening, balance, rows
        day += datetime.timedelta(days=1)


def write_csv(out, lines, per_statement):
    out.write("statement_id,entity,account,date,amount,currency,reference,counterparty,description,value_date,bank_reference,kind,balance\n")
    for sid, day, _, _, rows in statements(lines, per_statement):
        for number, amount, balance in rows:
            out.write(f"{sid},US01,1000,{day},{cents(amount)},USD,INV-{number},Customer {number % 997},Payment {number},{day},B-{number},transfer,{cents(balance)}\n")


def write_camt(out, lines, per_statement):
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">\n')
    out.write("  <BkToCstmrStmt>\n    <GrpHdr>\n      <MsgId>BENCH-1</MsgId>\n      <CreDtTm>2026-06-01T00:00:00Z</CreDtTm>\n    </GrpHdr>\n")
    for sid, day, opening, closing, rows in statements(lines, per_statement):
        out.write(f"    <Stmt>\n      <Id>{sid}</Id>\n      <CreDtTm>{day}T23:59:59Z</CreDtTm>\n")
        out.write(f"      <Acct>\n        <Id>\n          <IBAN>{IBAN}</IBAN>\n        </Id>\n        <Ccy>USD</Ccy>\n      </Acct>\n")
        for code, minor in (("OPBD", opening), ("CLBD", closing)):
            out.write(f"      <Bal>\n        <Tp>\n          <CdOrPrtry>\n            <Cd>{code}</Cd>\n          </CdOrPrtry>\n        </Tp>\n"
                      f"        <Amt Ccy=\"USD\">{cents(abs(minor))}</Amt>\n        <CdtDbtInd>{'DBIT' if minor < 0 else 'CRDT'}</CdtDbtInd>\n"
                      f"        <Dt>\n          <Dt>{day}</Dt>\n        </Dt>\n      </Bal>\n")
        for number, amount, _ in rows:
            sign = "DBIT" if amount < 0 else "CRDT"
            party = "Cdtr" if amount < 0 else "Dbtr"
            out.write(f"      <Ntry>\n        <Amt Ccy=\"USD\">{cents(abs(amount))}</Amt>\n        <CdtDbtInd>{sign}</CdtDbtInd>\n"
                      f"        <Sts>\n          <Cd>BOOK</Cd>\n        </Sts>\n        <BookgDt>\n          <Dt>{day}</Dt>\n        </BookgDt>\n"
                      f"        <ValDt>\n          <Dt>{day}</Dt>\n        </ValDt>\n        <AcctSvcrRef>B-{number}</AcctSvcrRef>\n"
                      f"        <BkTxCd>\n          <Domn>\n            <Cd>PMNT</Cd>\n            <Fmly>\n              <Cd>RCDT</Cd>\n"
                      f"              <SubFmlyCd>ESCT</SubFmlyCd>\n            </Fmly>\n          </Domn>\n        </BkTxCd>\n"
                      f"        <NtryDtls>\n          <TxDtls>\n            <Refs>\n              <AcctSvcrRef>B-{number}</AcctSvcrRef>\n"
                      f"              <EndToEndId>INV-{number}</EndToEndId>\n            </Refs>\n"
                      f"            <RltdPties>\n              <{party}>\n                <Pty>\n                  <Nm>Customer {number % 997}</Nm>\n"
                      f"                </Pty>\n              </{party}>\n            </RltdPties>\n"
                      f"            <RmtInf>\n              <Ustrd>INV-{number} Payment {number}</Ustrd>\n            </RmtInf>\n"
                      f"          </TxDtls>\n        </NtryDtls>\n      </Ntry>\n")
        out.write("    </Stmt>\n")
    out.write("  </BkToCstmrStmt>\n</Document>\n")


if __name__ == "__main__":
    kind, lines, per_statement = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    out = sys.stdout
    {"csv": write_csv, "camt": write_camt}[kind](out, lines, per_statement)

#!/usr/bin/env python3
"""Flashcart chaos load driver (standard library only).

Runs a steady load of real operations through the load balancer while scripts/chaos.sh injects one fault
and heals it, records every request and answer, resolves the writes whose outcome it never learnt (retrying
them with the same Idempotency-Key once the fault is healed, as a real client would), then checks the
invariants against the database, Redis and the data platform and writes the report.

    python3 chaos/driver.py --scenario kafka --workdir .state/chaos/<run>/kafka --marks <file> ...

The fault side (scripts/chaos.sh) and the driver talk through two files in --workdir:
  started   written by the driver once setup is done and the load runs (the shell then starts the clock)
  marks     appended by the shell: "<name> <epoch seconds>" (fault_start, fault_injected, heal_start, healed,
            replication_ok ...). The driver stops the load --settle seconds after "healed" (or at --max-load).
See chaos/README.md.
"""
import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

SEOUL = timezone(timedelta(hours=9))
WRITE_OPS = {"charge", "order_create", "pay", "cancel", "coupon_issue"}
AUTH_FREE_OPS = {"product", "product_list", "popular", "coupon_get", "signup", "login"}
PASSWORD = "chaos-password-1"

# ---- the contract's answer shapes (shared/API.md) ------------------------------------------------------------
ORDER_FIELDS = ["id", "status", "items", "totalAmount", "discountAmount", "payAmount", "createdAt", "expiresAt"]
SHAPES = {
    "signup": (201, ["id", "email", "name"]),
    "login": (201, ["token", "expiresAt"]),
    "product": (200, ["id", "name", "description", "price", "stock"]),
    "product_list": (200, ["items", "page", "size", "total"]),
    "popular": (200, ["from", "to", "items"]),
    "me_points": (200, ["userId", "balance"]),
    "charge": (200, ["userId", "balance", "chargedAmount"]),
    "history": (200, ["items", "nextCursor"]),
    "order_create": (201, ORDER_FIELDS),
    "pay": (200, ["orderId", "paymentId", "status", "paidAmount", "paidAt"]),
    "cancel": (200, ["id", "status"]),
    "order_get": (200, ORDER_FIELDS),
    "me_orders": (200, ["items", "nextCursor"]),
    "coupon_issue": (201, ["userCouponId", "couponId", "status", "expiresAt"]),
    "coupon_get": (200, ["id", "name", "discountType", "discountValue", "totalQuantity", "issuedQuantity",
                         "validFrom", "validUntil"]),
    "me_coupons": (200, ["items"]),
    "admin_product": (201, ["id", "name", "price", "stock"]),
    "admin_coupon": (201, ["id", "totalQuantity"]),
    "admin_rebuild": (200, []),
}
ITEM_SHAPES = {
    "product_list": ["id", "name", "price", "stock"],
    "popular": ["rank", "productId", "name", "price", "soldQuantity"],
    "history": ["id", "type", "amount", "balanceAfter", "orderId", "createdAt"],
    "me_orders": ORDER_FIELDS,
    "me_coupons": ["userCouponId", "couponId", "name", "discountType", "discountValue", "status", "expiresAt"],
}
EXPECTED_STATUS_VALUES = {
    "order_create": {"PENDING_PAYMENT"}, "pay": {"PAID"}, "cancel": {"CANCELLED"},
    "order_get": {"PENDING_PAYMENT", "PAID", "CANCELLED", "EXPIRED"}, "coupon_issue": {"AVAILABLE"},
}


def now():
    return time.time()


def contract_violation(op, status, ctype, body):
    """None when the answer is within the contract, else a short reason."""
    if status >= 400:
        if not ctype.startswith("application/problem+json"):
            return "%d not problem+json (%s)" % (status, ctype or "no content type")
        try:
            doc = json.loads(body)
        except ValueError:
            return "%d problem body not JSON" % status
        if not isinstance(doc, dict) or not isinstance(doc.get("code"), str) or not doc["code"]:
            return "%d problem without code" % status
        if "status" in doc and doc["status"] != status:
            return "%d problem says status %r" % (status, doc["status"])
        if status >= 500 and status != 503:
            return "%d (only 503 UNAVAILABLE is a documented 5xx)" % status
        return None
    if 200 <= status < 300:
        shape = SHAPES.get(op)
        if shape is None:
            return None
        want_status, fields = shape
        if status != want_status:
            return "%s answered %d, contract says %d" % (op, status, want_status)
        if status == 204:
            return None
        try:
            doc = json.loads(body)
        except ValueError:
            return "%d body not JSON" % status
        if not isinstance(doc, dict):
            return "%d body not an object" % status
        missing = [f for f in fields if f not in doc]
        if missing:
            return "%s missing %s" % (op, ",".join(missing))
        if op in EXPECTED_STATUS_VALUES and doc.get("status") not in EXPECTED_STATUS_VALUES[op]:
            return "%s status %r" % (op, doc.get("status"))
        if op in ITEM_SHAPES:
            for item in doc.get("items") or []:
                miss = [f for f in ITEM_SHAPES[op] if f not in item]
                if miss:
                    return "%s item missing %s" % (op, ",".join(miss))
        return None
    return None


class Recorder:
    def __init__(self):
        self.records = []
        self.lock = threading.Lock()

    def add(self, rec):
        with self.lock:
            self.records.append(rec)


class Http:
    """One keep-alive connection per client; every request and answer is recorded."""

    def __init__(self, host, port, recorder, who, timeout=10.0):
        self.host, self.port, self.recorder, self.who, self.timeout = host, port, recorder, who, timeout
        self.conn = None

    def request(self, op, method, path, token=None, body=None, key=None, phase_tag=None):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        if key:
            headers["Idempotency-Key"] = key
        t0 = now()
        status, ctype, text, error, origin = 0, "", "", None, "none"
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request(method, path, body=data, headers=headers)
            resp = self.conn.getresponse()
            raw = resp.read()
            status = resp.status
            ctype = resp.getheader("Content-Type", "") or ""
            origin = "app" if resp.getheader("X-Flashcart-Instance") else "lb"
            text = raw.decode("utf-8", "replace")
            if resp.getheader("Connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException) as e:
            error = "timeout" if "timed out" in str(e) else "conn"
            self.close()
        dt = now() - t0
        code = None
        if status >= 400 and ctype.startswith("application/problem+json"):
            try:
                code = json.loads(text).get("code")
            except (ValueError, AttributeError):
                code = None
        violation = contract_violation(op, status, ctype, text) if status else None
        rec = {"t": t0, "dt": round(dt, 4), "who": self.who, "op": op, "method": method, "path": path,
               "key": key, "status": status, "code": code, "origin": origin, "error": error,
               "violation": violation, "tag": phase_tag}
        if violation or (status >= 500 and status != 503) or (status and origin == "lb"):
            rec["body"] = text[:300]
            rec["ctype"] = ctype
        self.recorder.add(rec)
        doc = None
        if text and (ctype.startswith("application/json") or ctype.startswith("application/problem+json")):
            try:
                doc = json.loads(text)
            except ValueError:
                doc = None
        return status, code, doc, error

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
        self.conn = None


def transient(status, error):
    return error is not None or status >= 500 or status == 0


# ---- one simulated user ----------------------------------------------------------------------------------------
class Client:
    def __init__(self, n, ctx):
        self.n, self.ctx = n, ctx
        self.http = Http(ctx.host, ctx.port, ctx.recorder, "u%d" % n)
        self.rng = random.Random(ctx.seed * 1000 + n)
        # fresh users per run and scenario: every check compares this scenario's answers with the database
        self.email = "chaos-%s-%s-%d@chaos.flashcart.local" % (ctx.run_id, ctx.scenario, n)
        self.user_id = None
        self.token = None
        self.seq = 0
        # outcomes, by key / order id
        self.charges = {}        # key -> {"amount", "final": 200|409...|None, "answer"}
        self.orders = {}         # key -> {"body", "final", "order_id", "units"}
        self.order_state = {}    # order id -> {"lines", "paid", "cancelled", "pay_key", "pay_final", "pay_answer"}
        self.cancels = {}        # order id -> {"final", "uncertain"}
        self.coupon = {"got": False, "uncertain": False, "answers": []}
        self.ryw = {"checked": 0, "violations": []}
        self.relogins = 0

    def key(self, kind):
        self.seq += 1
        return "chaos-%s-%s-u%d-%s-%d" % (self.ctx.run_id, self.ctx.scenario, self.n, kind, self.seq)

    # -- sessions
    def signup(self):
        for attempt in range(20):
            st, code, doc, err = self.http.request("signup", "POST", "/api/v1/users",
                                                   body={"email": self.email, "password": PASSWORD,
                                                         "name": "Chaos user %d" % self.n})
            if st == 201:
                self.user_id = doc["id"]
                return
            if st == 409 and code == "EMAIL_TAKEN":
                raise RuntimeError("%s exists already: this run id and scenario ran before" % self.email)
            time.sleep(0.5)
        raise RuntimeError("sign-up of %s failed: %s %s" % (self.email, st, code))

    def login(self, tag=None):
        """Logs in; True on success. A 503 (Redis away) or a connection error is not retried here."""
        st, code, doc, err = self.http.request("login", "POST", "/api/v1/sessions",
                                               body={"email": self.email, "password": PASSWORD}, phase_tag=tag)
        if st == 201 and doc:
            self.token = doc["token"]
            return True
        return False

    def call(self, op, method, path, body=None, key=None, auth=True):
        """One request; on 401 logs in again and repeats once (the session was lost, nothing was done)."""
        st, code, doc, err = self.http.request(op, method, path, token=self.token if auth else None,
                                               body=body, key=key)
        if auth and st == 401:
            self.relogins += 1
            if self.login(tag="relogin"):
                st, code, doc, err = self.http.request(op, method, path, token=self.token, body=body, key=key)
        return st, code, doc, err

    def write(self, op, method, path, body=None, key=None, attempts=None, deadline=None):
        """A write with bounded retries on connection errors, timeouts and 5xx (same key, same body).
        Returns (status, code, doc, uncertain): uncertain when no definitive answer came."""
        attempts = attempts or self.ctx.write_attempts
        backoff = 0.25
        st = code = doc = None
        for i in range(attempts):
            if self.ctx.hard_stop.is_set():
                break
            st, code, doc, err = self.call(op, method, path, body=body, key=key)
            # a 401 that survived a new login means the login itself failed (Redis away): nothing was done
            if not transient(st, err) and st != 401:
                return st, code, doc, False
            if deadline and now() > deadline:
                break
            time.sleep(backoff * (0.5 + self.rng.random()))
            backoff = min(backoff * 2, 4.0)
        return st, code, doc, True

    # -- operations
    def op_charge(self, amount=None, key=None):
        amount = amount or self.rng.randint(1, 1000)
        key = key or self.key("charge")
        entry = self.charges.setdefault(key, {"amount": amount, "final": None})
        st, code, doc, unc = self.write("charge", "POST", "/api/v1/me/points/charges", {"amount": amount}, key)
        if not unc:
            entry["final"] = st
            entry["code"] = code
        return st

    def op_order_and_pay(self):
        products = self.ctx.products
        # mostly the two big products; the small one (sells out: OUT_OF_STOCK) in about one order in ten
        lines = self.rng.sample(products[:2], self.rng.randint(1, 2))
        if self.rng.random() < 0.1:
            lines = lines[:1] + products[2:]
        body = {"items": [{"productId": p["id"], "quantity": self.rng.randint(1, 3)} for p in lines],
                "userCouponId": None}
        key = self.key("order")
        entry = {"body": body, "final": None, "order_id": None}
        self.orders[key] = entry
        st, code, doc, unc = self.write("order_create", "POST", "/api/v1/orders", body, key)
        if unc:
            return
        entry["final"] = st
        entry["code"] = code
        if st != 201:
            return
        self.created(entry, doc)
        if self.rng.random() < 0.3:
            self.check_read_your_writes(doc["id"])
        if self.rng.random() < 0.9:
            self.op_pay(doc["id"])

    def created(self, entry, doc):
        oid = doc["id"]
        entry["order_id"] = oid
        if oid not in self.order_state:
            self.order_state[oid] = {"lines": {i["productId"]: i["quantity"] for i in doc["items"]},
                                     "pay_key": None, "pay_final": None, "pay_answer": None, "paid": False,
                                     "cancelled": False, "payAmount": doc.get("payAmount")}

    def check_read_your_writes(self, oid):
        st, code, doc, err = self.call("me_orders", "GET", "/api/v1/me/orders?size=20")
        if st == 200 and doc:
            self.ryw["checked"] += 1
            if oid not in [o.get("id") for o in doc.get("items", [])]:
                self.ryw["violations"].append({"orderId": oid, "t": now()})

    def op_pay(self, oid, key=None):
        state = self.order_state[oid]
        if key is None:
            if state["pay_key"] is not None:
                key = state["pay_key"]
            else:
                key = state["pay_key"] = self.key("pay")
        st, code, doc, unc = self.write("pay", "POST", "/api/v1/orders/%d/payment" % oid, {}, key)
        if unc:
            return
        state["pay_final"] = st
        state["pay_code"] = code
        if st == 200:
            state["paid"] = True
            state["pay_answer"] = doc

    def op_cancel(self, oid=None):
        if oid is None:
            candidates = [o for o, s in self.order_state.items() if not s["cancelled"]]
            if not candidates:
                return
            oid = self.rng.choice(candidates)
        entry = self.cancels.setdefault(oid, {"final": None, "uncertain": False})
        st, code, doc, unc = self.write("cancel", "POST", "/api/v1/orders/%d/cancel" % oid, None, None)
        if unc:
            entry["uncertain"] = True
            return
        if st == 200:
            entry["final"] = 200
            self.order_state[oid]["cancelled"] = True
        elif st == 409 and code == "ORDER_NOT_CANCELLABLE":
            # an earlier attempt (answer lost) may have cancelled it: the order itself says
            entry["uncertain"] = True
            if not self.resolve_cancel(oid):
                return
        elif entry["final"] is None:
            entry["final"] = st

    def resolve_cancel(self, oid):
        """A cancel whose outcome was unknown: ask the order itself."""
        st, code, doc, err = self.call("order_get", "GET", "/api/v1/orders/%d" % oid)
        if st == 200 and doc:
            entry = self.cancels[oid]
            if doc["status"] == "CANCELLED":
                entry["final"] = 200
                entry["resolved_by_read"] = True
                self.order_state[oid]["cancelled"] = True
            else:
                entry["final"] = 409
            entry["uncertain"] = False
            return True
        return False

    def op_coupon_issue(self):
        st, code, doc, err = self.call("coupon_issue", "POST", "/api/v1/coupons/%d/issue" % self.ctx.coupon_id)
        self.coupon["answers"].append((st, code))
        if st == 201:
            self.coupon["got"] = True
        elif transient(st, err):
            self.coupon["uncertain"] = True

    def op_read(self, kind):
        rng = self.rng
        if kind == "product":
            pid = rng.choice(self.ctx.read_products)
            self.call("product", "GET", "/api/v1/products/%d" % pid, auth=False)
        elif kind == "product_list":
            self.call("product_list", "GET", "/api/v1/products?page=%d&size=20" % rng.randint(0, 4), auth=False)
        elif kind == "popular":
            self.call("popular", "GET", "/api/v1/products/popular?days=%d&limit=5" % rng.randint(1, 3), auth=False)
        elif kind == "me_points":
            self.call("me_points", "GET", "/api/v1/me/points")
        elif kind == "me_orders":
            self.call("me_orders", "GET", "/api/v1/me/orders?size=20")
        elif kind == "history":
            self.call("history", "GET", "/api/v1/me/points/history?size=20")
        elif kind == "order_get":
            if self.order_state:
                self.call("order_get", "GET", "/api/v1/orders/%d" % rng.choice(list(self.order_state)))
        elif kind == "me_coupons":
            self.call("me_coupons", "GET", "/api/v1/me/coupons")
        elif kind == "coupon_get":
            self.call("coupon_get", "GET", "/api/v1/coupons/%d" % self.ctx.coupon_id, auth=False)

    MIX = [("product", 16), ("product_list", 7), ("popular", 4), ("me_points", 8), ("me_orders", 4),
           ("history", 3), ("order_get", 4), ("me_coupons", 2), ("coupon_get", 2),
           ("charge", 18), ("order_pay", 22), ("cancel", 3), ("coupon_issue", 4)]

    def run(self):
        ops = [o for o, _ in self.MIX]
        weights = [w for _, w in self.MIX]
        while not self.ctx.stop.is_set():
            op = self.rng.choices(ops, weights)[0]
            try:
                if op == "charge":
                    self.op_charge()
                elif op == "order_pay":
                    self.op_order_and_pay()
                elif op == "cancel":
                    self.op_cancel()
                elif op == "coupon_issue":
                    self.op_coupon_issue()
                else:
                    self.op_read(op)
            except Exception as e:  # a driver bug must not silently stop a client
                self.ctx.recorder.add({"t": now(), "who": "u%d" % self.n, "op": "driver-error", "error": repr(e),
                                       "status": 0, "dt": 0, "origin": "none", "violation": None})
            time.sleep(self.rng.uniform(self.ctx.think_min, self.ctx.think_max))

    # -- after the load: learn the outcome of every write that got no definitive answer
    def unresolved(self):
        out = []
        out += [("charge", k) for k, e in self.charges.items() if e["final"] is None]
        out += [("order", k) for k, e in self.orders.items() if e["final"] is None]
        out += [("pay", o) for o, s in self.order_state.items() if s["pay_key"] and s["pay_final"] is None]
        out += [("cancel", o) for o, e in self.cancels.items() if e["uncertain"] and e["final"] is None]
        return out

    def reconcile(self, deadline):
        while now() < deadline:
            todo = self.unresolved()
            if not todo:
                return 0
            if not self.token:
                self.login(tag="reconcile")
            for kind, ref in todo:
                if kind == "charge":
                    e = self.charges[ref]
                    st, code, doc, unc = self.write("charge", "POST", "/api/v1/me/points/charges",
                                                    {"amount": e["amount"]}, ref, attempts=3, deadline=deadline)
                    if not unc:
                        e["final"], e["code"], e["reconciled"] = st, code, True
                elif kind == "order":
                    e = self.orders[ref]
                    st, code, doc, unc = self.write("order_create", "POST", "/api/v1/orders", e["body"], ref,
                                                    attempts=3, deadline=deadline)
                    if not unc:
                        e["final"], e["code"], e["reconciled"] = st, code, True
                        if st == 201:
                            self.created(e, doc)
                elif kind == "pay":
                    self.op_pay(ref, key=self.order_state[ref]["pay_key"])
                elif kind == "cancel":
                    self.resolve_cancel(ref)
            time.sleep(0.5)
        return len(self.unresolved())


# ---- the run ---------------------------------------------------------------------------------------------------
class Ctx:
    pass


def read_marks(path):
    marks = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    try:
                        marks.setdefault(parts[0], float(parts[1]))
                    except ValueError:
                        pass
    return marks


class Db:
    def __init__(self, socket, name):
        self.socket, self.name = socket, name

    def rows(self, sql, db=True):
        cmd = ["mariadb", "--no-defaults", "--protocol=socket", "--socket=" + self.socket, "-uroot", "-N", "-B"]
        if db:
            cmd.append(self.name)
        out = subprocess.run(cmd + ["-e", sql], capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError("SQL failed: %s: %s" % (sql[:120], out.stderr.strip()))
        return [line.split("\t") for line in out.stdout.splitlines() if line != ""]

    def value(self, sql):
        r = self.rows(sql)
        return r[0][0] if r else None


def redis_cmd(port, *args):
    out = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port)] + list(args),
                         capture_output=True, text=True, timeout=10)
    return out.stdout


def get_json(url, timeout=5):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request("GET", u.path + ("?" + u.query if u.query else ""))
        r = conn.getresponse()
        body = r.read()
        return r.status, (json.loads(body) if body else None)
    finally:
        conn.close()


class HealthPoller(threading.Thread):
    def __init__(self, ports, stop, interval=0.5):
        super().__init__(daemon=True)
        self.ports, self.stop, self.interval = ports, stop, interval
        self.samples = []   # (t, port, up)

    def all_up(self):
        last = {}
        for t, p, up in self.samples[-2 * len(self.ports):]:
            last[p] = up
        return len(last) == len(self.ports) and all(last.values())

    def run(self):
        while not self.stop.is_set():
            for p in self.ports:
                t = now()
                try:
                    st, _ = get_json("http://127.0.0.1:%d/q/health/ready" % p, timeout=2)
                    up = st == 200
                except (OSError, ValueError, http.client.HTTPException):
                    up = False
                self.samples.append((t, p, up))
            self.stop.wait(self.interval)


class OutboxSampler(threading.Thread):
    """Unpublished outbox rows every second; once 'healed' is marked, when the rows older than it are gone."""

    def __init__(self, db, marks_path, stop):
        super().__init__(daemon=True)
        self.db, self.marks_path, self.stop = db, marks_path, stop
        self.samples = []      # (t, pending)
        self.drained_at = None

    def run(self):
        while not self.stop.is_set():
            try:
                t = now()
                self.samples.append((t, int(self.db.value(
                    "SELECT COUNT(*) FROM outbox_event WHERE published_at IS NULL"))))
                healed = read_marks(self.marks_path).get("healed")
                if healed and self.drained_at is None:
                    old = int(self.db.value("SELECT COUNT(*) FROM outbox_event WHERE published_at IS NULL "
                                            "AND created_at < FROM_UNIXTIME(%f)" % healed))
                    if old == 0:
                        self.drained_at = now()
            except Exception:   # the primary may be down: that is the point of some scenarios
                pass
            self.stop.wait(1.0)


def setup(ctx, admin_http):
    """Admin login, the scenario's products and coupon, the users (signed up and logged in through the API)."""
    st, code, doc, _ = admin_http.request("login", "POST", "/api/v1/sessions",
                                          body={"email": ctx.admin_email, "password": ctx.admin_password})
    if st != 201:
        raise RuntimeError("admin login failed: %s %s" % (st, code))
    admin = doc["token"]
    ctx.admin_token = admin
    ctx.products = []
    specs = [("A", 300, 100000), ("B", 500, 100000), ("C", 700, 40)]   # C sells out: OUT_OF_STOCK on purpose
    for suffix, price, stock in specs:
        st, code, doc, _ = admin_http.request("admin_product", "POST", "/api/v1/admin/products", token=admin,
                                              body={"name": "Chaos %s %s %s" % (ctx.scenario, ctx.run_id, suffix),
                                                    "description": "Created by chaos/driver.py", "price": price,
                                                    "stock": stock})
        if st != 201:
            raise RuntimeError("product creation failed: %s %s" % (st, code))
        ctx.products.append({"id": doc["id"], "price": price, "stock0": stock})
    ctx.read_products = [p["id"] for p in ctx.products]
    valid_from = datetime.now(timezone.utc) - timedelta(minutes=5)
    valid_until = datetime.now(timezone.utc) + timedelta(days=1)
    ctx.coupon_total = max(1, ctx.clients * 2 // 3)
    st, code, doc, _ = admin_http.request("admin_coupon", "POST", "/api/v1/admin/coupons", token=admin, body={
        "name": "Chaos coupon %s %s" % (ctx.scenario, ctx.run_id), "discountType": "FIXED", "discountValue": 100,
        "totalQuantity": ctx.coupon_total, "validFrom": valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "validUntil": valid_until.strftime("%Y-%m-%dT%H:%M:%SZ")})
    if st != 201:
        raise RuntimeError("coupon creation failed: %s %s" % (st, code))
    ctx.coupon_id = doc["id"]
    clients = [Client(i + 1, ctx) for i in range(ctx.clients)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda c: c.signup(), clients))
    for c in clients:
        if not c.login(tag="setup"):
            raise RuntimeError("login of %s failed" % c.email)
        if c.user_id is None:
            st, code, doc, _ = c.call("me_points", "GET", "/api/v1/me/points")
            c.user_id = doc["userId"]
        if c.op_charge(amount=1000000) != 200:
            raise RuntimeError("initial charge of %s failed" % c.email)
    # the products must be readable (replica) before the load starts
    deadline = now() + 30
    for p in ctx.products:
        while now() < deadline:
            st, _, _, _ = admin_http.request("product", "GET", "/api/v1/products/%d" % p["id"], phase_tag="setup")
            if st == 200:
                break
            time.sleep(0.3)
    return clients


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--run-id", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--results", required=True, help="markdown report path")
    ap.add_argument("--lb", default="127.0.0.1:8080")
    ap.add_argument("--instances", default="8081,8082")
    ap.add_argument("--platform", default="http://127.0.0.1:8090")
    ap.add_argument("--db-socket", required=True)
    ap.add_argument("--db-name", default="flashcart")
    ap.add_argument("--redis-port", type=int, default=16379)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--settle", type=float, default=20)
    ap.add_argument("--max-load", type=float, default=240, help="hard cap on the load phase (s)")
    ap.add_argument("--events-deadline", type=float, default=60)
    ap.add_argument("--think-min", type=float, default=0.02)
    ap.add_argument("--think-max", type=float, default=0.08)
    ap.add_argument("--write-attempts", type=int, default=5)
    ap.add_argument("--admin-email", default=os.environ.get("FLASHCART_ADMIN_EMAIL", "admin@flashcart.local"))
    ap.add_argument("--admin-password", default=os.environ.get("FLASHCART_ADMIN_PASSWORD", "flashcart-admin"))
    a = ap.parse_args()

    os.makedirs(a.workdir, exist_ok=True)
    marks_path = os.path.join(a.workdir, "marks")
    ctx = Ctx()
    ctx.scenario, ctx.run_id, ctx.clients = a.scenario, a.run_id, a.clients
    ctx.host, ctx.port = a.lb.split(":")[0], int(a.lb.split(":")[1])
    ctx.recorder = Recorder()
    ctx.seed = abs(hash(a.run_id + a.scenario)) % 100000
    ctx.stop = threading.Event()
    ctx.hard_stop = threading.Event()
    ctx.think_min, ctx.think_max, ctx.write_attempts = a.think_min, a.think_max, a.write_attempts
    ctx.admin_email, ctx.admin_password = a.admin_email, a.admin_password
    db = Db(a.db_socket, a.db_name)
    admin_http = Http(ctx.host, ctx.port, ctx.recorder, "admin")

    log("setup: admin session, 3 products, 1 coupon, %d users signed up and logged in through the API" % a.clients)
    clients = setup(ctx, admin_http)
    setup_records = len(ctx.recorder.records)

    health_stop = threading.Event()
    poller = HealthPoller([int(p) for p in a.instances.split(",")], health_stop)
    poller.start()
    outbox = OutboxSampler(db, marks_path, health_stop)
    outbox.start()
    threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
    load_start = now()
    for t in threads:
        t.start()
    with open(os.path.join(a.workdir, "started"), "w") as f:
        f.write("%f\n" % load_start)
    log("load running (%d clients); waiting for the fault and its heal (marks: %s)" % (a.clients, marks_path))

    # run until healed + settle, or the hard cap
    while True:
        marks = read_marks(marks_path)
        # settle after the heal, and keep the load on until both instances are ready again (a restarted
        # instance takes ~20-30 s to start; haproxy adds it back under load), at most 120 s after the heal
        if "healed" in marks and now() >= marks["healed"] + a.settle and (
                poller.all_up() or now() >= marks["healed"] + 120):
            break
        if "abort" in marks:
            log("the fault script aborted; stopping the load")
            break
        if now() - load_start > a.max_load:
            log("load cap of %.0fs reached without a 'healed' mark" % a.max_load)
            break
        time.sleep(0.5)
    load_end = now()
    ctx.stop.set()
    for t in threads:
        t.join(timeout=60)
    stragglers = sum(1 for t in threads if t.is_alive())
    if stragglers:
        ctx.hard_stop.set()
        for t in threads:
            t.join(timeout=30)
    log("load stopped after %.0fs; resolving writes without a definitive answer" % (load_end - load_start))
    ctx.hard_stop.clear()
    unresolved_before = sum(len(c.unresolved()) for c in clients)
    rec_deadline = now() + 60
    with ThreadPoolExecutor(8) as pool:
        left = sum(pool.map(lambda c: c.reconcile(rec_deadline), clients))
    marks = read_marks(marks_path)
    deadline = now() + 120
    while outbox.drained_at is None and "healed" in marks and now() < deadline:
        time.sleep(1)
    health_stop.set()
    if outbox.drained_at:
        marks["outbox_drained"] = outbox.drained_at
    ctx.outbox_max = max([n for _, n in outbox.samples] or [0])

    report = Report(a, ctx, db, clients, marks, poller.samples, load_start, load_end, setup_records,
                    unresolved_before, left, admin_http)
    ok = report.run()
    with open(os.path.join(a.workdir, "requests.jsonl"), "w") as f:
        for r in ctx.recorder.records:
            f.write(json.dumps(r) + "\n")
    sys.exit(0 if ok else 1)


def log(msg):
    print("  [driver %s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def pct(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def fmt_s(v):
    return "-" if v is None else "%.1f s" % v


# ---- checks and report --------------------------------------------------------------------------------------------
class Report:
    def __init__(self, a, ctx, db, clients, marks, samples, load_start, load_end, setup_records, unresolved_before,
                 unresolved_left, admin_http):
        self.a, self.ctx, self.db, self.clients, self.marks = a, ctx, db, clients, marks
        self.samples, self.load_start, self.load_end = samples, load_start, load_end
        self.records = ctx.recorder.records
        self.setup_records = setup_records
        self.unresolved_before, self.unresolved_left = unresolved_before, unresolved_left
        self.admin_http = admin_http
        self.results = []   # (name, ok, detail)
        self.lines = []     # markdown body
        self.figures = {}

    def check(self, name, ok, detail):
        self.results.append((name, bool(ok), detail))
        log("%s %s: %s" % ("PASS" if ok else "FAIL", name, detail))

    def phase(self, t):
        fs, hl = self.marks.get("fault_start"), self.marks.get("healed")
        if fs is None or t < fs:
            return "before"
        if hl is None or t < hl:
            return "fault"
        return "after"

    def run(self):
        users = [c.user_id for c in self.clients]
        self.uid_list = ",".join(str(u) for u in users)
        for name, fn in [("points", self.check_points), ("orders", self.check_orders), ("stock", self.check_stock),
                         ("coupons", self.check_coupons), ("events", self.check_events),
                         ("ranking", self.check_ranking), ("contract", self.check_contract),
                         ("scenario", self.check_scenario)]:
            try:
                fn()
            except Exception as e:
                self.check(name + " (check crashed)", False, repr(e))
        self.figures_and_write()
        return all(ok for _, ok, _ in self.results)

    # -- points conserved, each charge once
    def check_points(self):
        rows = self.db.rows("""
            SELECT w.user_id, w.balance,
                   COALESCE(SUM(CASE l.type WHEN 'USE' THEN -l.amount ELSE l.amount END), 0),
                   COALESCE(SUM(l.type = 'CHARGE'), 0), COALESCE(SUM(CASE WHEN l.type = 'CHARGE' THEN l.amount END), 0),
                   COALESCE(SUM(l.type = 'USE'), 0), COALESCE(SUM(CASE WHEN l.type = 'USE' THEN l.amount END), 0),
                   COALESCE(SUM(l.type = 'REFUND'), 0)
            FROM point_wallet w LEFT JOIN point_ledger l ON l.user_id = w.user_id
            WHERE w.user_id IN (%s) GROUP BY w.user_id, w.balance""" % self.uid_list)
        by_user = {int(r[0]): [int(float(x)) for x in r[1:]] for r in rows}
        sum_bad, charge_bad, use_bad, refund_bad = [], [], [], []
        charges_ok = uses = refunds = 0
        for c in self.clients:
            bal, signed, n_charge, s_charge, n_use, s_use, n_refund = by_user.get(c.user_id, [None] * 7)
            if bal is None or bal != signed:
                sum_bad.append("user %s: balance %s, ledger sum %s" % (c.user_id, bal, signed))
            ok_keys = [e for e in c.charges.values() if e["final"] == 200]
            charges_ok += len(ok_keys)
            if n_charge != len(ok_keys) or s_charge != sum(e["amount"] for e in ok_keys):
                charge_bad.append("user %s: %s CHARGE rows (%s points) for %d keys answered 200 (%d points)" % (
                    c.user_id, n_charge, s_charge, len(ok_keys), sum(e["amount"] for e in ok_keys)))
            paid = [s for s in c.order_state.values() if s["pay_final"] == 200]
            uses += len(paid)
            paid_sum = sum(s["pay_answer"]["paidAmount"] for s in paid)
            if n_use != len(paid) or s_use != paid_sum:
                use_bad.append("user %s: %s USE rows (%s points) for %d payments answered 200 (%d points)" % (
                    c.user_id, n_use, s_use, len(paid), paid_sum))
            exp_refunds = sum(1 for o, s in c.order_state.items()
                              if s["pay_final"] == 200 and c.cancels.get(o, {}).get("final") == 200)
            refunds += exp_refunds
            if n_refund != exp_refunds:
                refund_bad.append("user %s: %s REFUND rows for %d cancelled paid orders" % (c.user_id, n_refund,
                                                                                            exp_refunds))
        self.check("points: ledger sum = balance", not sum_bad,
                   "%d users" % len(self.clients) if not sum_bad else "; ".join(sum_bad[:5]))
        self.check("points: each charge answered 200 is in the ledger exactly once", not charge_bad,
                   "%d charges (distinct keys) answered 200 = CHARGE rows" % charges_ok if not charge_bad
                   else "; ".join(charge_bad[:5]))
        self.check("points: each payment answered 200 spent once, each paid cancel refunded once",
                   not use_bad and not refund_bad,
                   "%d USE rows, %d REFUND rows as expected" % (uses, refunds) if not (use_bad or refund_bad)
                   else "; ".join((use_bad + refund_bad)[:5]))

    # -- one order per key; DB states as answered
    def check_orders(self):
        rows = self.db.rows("SELECT id, user_id, status FROM customer_order WHERE user_id IN (%s)" % self.uid_list)
        db_orders = {int(r[0]): (int(r[1]), r[2]) for r in rows}
        known = {}
        for c in self.clients:
            for oid, s in c.order_state.items():
                if s["cancelled"]:
                    want = {"CANCELLED"}
                elif s["pay_final"] == 200:
                    want = {"PAID"}
                else:
                    want = {"PENDING_PAYMENT", "EXPIRED"}
                known[oid] = want
        extra = sorted(set(db_orders) - set(known))
        missing = sorted(set(known) - set(db_orders))
        wrong = ["order %d is %s, answers say %s" % (o, db_orders[o][1], "/".join(sorted(w)))
                 for o, w in known.items() if o in db_orders and db_orders[o][1] not in w]
        ok = not extra and not missing and not wrong and self.unresolved_left == 0
        detail = "%d orders in the database = %d distinct orders answered 201; states match the answers" % (
            len(db_orders), len(known))
        if not ok:
            detail = "extra (never answered 201): %s; missing: %s; %s; unresolved writes: %d" % (
                extra[:10], missing[:10], "; ".join(wrong[:5]), self.unresolved_left)
        self.check("orders: one order per Idempotency-Key, states as answered", ok, detail)

    # -- stock
    def check_stock(self):
        ids = ",".join(str(p["id"]) for p in self.ctx.products)
        stock = {int(r[0]): int(r[1]) for r in self.db.rows("SELECT id, stock FROM product WHERE id IN (%s)" % ids)}
        reserved = {int(r[0]): int(float(r[1])) for r in self.db.rows("""
            SELECT l.product_id, SUM(l.quantity) FROM order_line l JOIN customer_order o ON o.id = l.order_id
            WHERE l.product_id IN (%s) AND o.status IN ('PENDING_PAYMENT', 'PAID') GROUP BY l.product_id""" % ids)}
        bad = []
        for p in self.ctx.products:
            cur = stock.get(p["id"])
            res = reserved.get(p["id"], 0)
            p["stock1"], p["reserved"] = cur, res
            if cur is None or cur < 0 or p["stock0"] - cur != res:
                bad.append("product %d: initial %d, now %s, reserved by live orders %d" % (p["id"], p["stock0"], cur,
                                                                                           res))
        neg = int(self.db.value("SELECT COUNT(*) FROM product WHERE stock < 0"))
        self.check("stock: never negative, initial - current = units of PENDING_PAYMENT/PAID orders",
                   not bad and neg == 0,
                   "; ".join("product %d: %d - %d = %d" % (p["id"], p["stock0"], p["stock1"], p["reserved"])
                             for p in self.ctx.products) if not bad else "; ".join(bad) + "; negative: %d" % neg)

    # -- coupons
    def check_coupons(self):
        cid = self.ctx.coupon_id
        total, issued = [int(x) for x in self.db.rows(
            "SELECT total_quantity, issued_quantity FROM coupon WHERE id = %d" % cid)[0]]
        holders = [int(r[0]) for r in self.db.rows("SELECT user_id FROM user_coupon WHERE coupon_id = %d" % cid)]
        got = {c.user_id for c in self.clients if c.coupon["got"]}
        maybe = {c.user_id for c in self.clients if c.coupon["uncertain"]}
        dup = len(holders) - len(set(holders))
        ok = (issued == len(holders) <= total and dup == 0 and got <= set(holders)
              and set(holders) <= (got | maybe))
        self.check("coupons: issued <= total, no duplicates, issued_quantity = user_coupon rows", ok,
                   "coupon %d: total %d, issued_quantity %d, %d rows, %d answered 201, %d duplicate holders" % (
                       cid, total, issued, len(holders), len(got), dup))
        bad = self.db.rows("""SELECT c.id, c.total_quantity, c.issued_quantity, COUNT(uc.id) FROM coupon c
            LEFT JOIN user_coupon uc ON uc.coupon_id = c.id GROUP BY c.id, c.total_quantity, c.issued_quantity
            HAVING COUNT(uc.id) <> c.issued_quantity OR c.issued_quantity > c.total_quantity""")
        self.check("coupons: every coupon in the database adds up", not bad,
                   "all coupons: issued_quantity = rows <= total" if not bad else str(bad[:5]))
        self.coupon_state = (cid, set(holders))

    # -- events at the data platform
    def check_events(self):
        want_paid = {}
        want_cancel = set()
        for c in self.clients:
            for oid, s in c.order_state.items():
                if s["pay_final"] == 200:
                    want_paid[oid] = s["pay_answer"]
                if c.cancels.get(oid, {}).get("final") == 200:
                    want_cancel.add(oid)
        pending = set(want_paid) | want_cancel
        problems = {}
        start = now()
        deadline = start + self.a.events_deadline
        last_arrival = None
        lock = threading.Lock()

        def probe(oid):
            try:
                st, doc = get_json("%s/api/v1/events?orderId=%d" % (self.a.platform, oid))
            except (OSError, ValueError, http.client.HTTPException) as e:
                return oid, "platform unreachable: %r" % e, False
            if st != 200:
                return oid, "platform answered %d" % st, False
            items = doc.get("items", [])
            pcs = [e for e in items if e.get("type") == "PaymentCompleted"]
            ocs = [e for e in items if e.get("type") == "OrderCancelled"]
            issue = None
            if oid in want_paid:
                ans = want_paid[oid]
                if len({e.get("eventId") for e in pcs}) > 1:
                    return oid, "%d distinct PaymentCompleted events" % len(pcs), True   # final: duplicates
                if not pcs:
                    issue = "no PaymentCompleted yet"
                elif pcs[0].get("paymentId") != ans["paymentId"] or pcs[0].get("paidAmount") != ans["paidAmount"]:
                    return oid, "PaymentCompleted %s does not match the answer %s" % (pcs[0], ans), True
            elif pcs:
                return oid, "PaymentCompleted for an order whose payment was never answered 200", True
            if oid in want_cancel:
                if len({e.get("eventId") for e in ocs}) > 1:
                    return oid, "%d distinct OrderCancelled events" % len(ocs), True
                if not ocs:
                    issue = issue or "no OrderCancelled yet"
            return oid, issue, issue is None

        while pending and now() < deadline:
            with ThreadPoolExecutor(8) as pool:
                results = list(pool.map(probe, sorted(pending)))
            for oid, issue, final in results:
                if final:
                    pending.discard(oid)
                    if issue:
                        problems[oid] = issue
                    else:
                        problems.pop(oid, None)
                        with lock:
                            last_arrival = now()
                else:
                    problems[oid] = issue
            if pending:
                time.sleep(2)
        self.figures["events_wait"] = (last_arrival - start) if last_arrival else 0.0
        # also the payments that were never answered 200: no event unless the DB says PAID (then it is fine)
        ok = not problems
        detail = ("%d payments answered 200 -> exactly one PaymentCompleted each (paymentId, paidAmount match); "
                  "%d cancels -> one OrderCancelled each; all there %.0f s after the load stopped" % (
                      len(want_paid), len(want_cancel), (last_arrival or start) - self.load_end))
        if not ok:
            sample = list(problems.items())[:8]
            detail = "%d of %d orders wrong after %.0f s: %s" % (len(problems), len(want_paid) + len(want_cancel),
                                                                  self.a.events_deadline, sample)
        self.check("events: one PaymentCompleted per payment answered 200 (and one OrderCancelled per cancel)",
                   ok, detail)

    # -- ranking = the database
    def check_ranking(self):
        deadline = now() + 40
        last = None
        while True:
            st, doc = get_json("http://%s/api/v1/products/popular?days=3&limit=50" % self.a.lb, timeout=10)
            if st != 200:
                last = "popular answered %s" % st
            else:
                api = [(i["productId"], i["soldQuantity"]) for i in doc["items"]]
                sql = [(int(r[0]), int(float(r[1]))) for r in self.db.rows("""
                    SELECT l.product_id, SUM(l.quantity) q FROM customer_order o
                    JOIN payment p ON p.order_id = o.id JOIN order_line l ON l.order_id = o.id
                    WHERE o.status = 'PAID' AND DATE(CONVERT_TZ(p.paid_at, '+00:00', '+09:00')) BETWEEN '%s' AND '%s'
                    GROUP BY l.product_id ORDER BY q DESC, l.product_id ASC LIMIT 50""" % (doc["from"], doc["to"]))]
                if api == sql:
                    ours = {p["id"] for p in self.ctx.products}
                    mine = [x for x in api if x[0] in ours]
                    self.check("ranking: /products/popular (3 days, top 50) = PAID orders by Asia/Seoul day in SQL",
                               True, "%d entries equal (%s..%s); this run's products in it: %s" % (
                                   len(api), doc["from"], doc["to"], mine))
                    return
                diff = [(i, a_, b_) for i, (a_, b_) in enumerate(zip(api, sql)) if a_ != b_][:5]
                last = "API %d entries vs SQL %d; first differences (rank, api, sql): %s" % (len(api), len(sql), diff)
            if now() > deadline:
                break
            time.sleep(2)
        self.check("ranking: /products/popular (3 days, top 50) = PAID orders by Asia/Seoul day in SQL", False,
                   "after 40 s: %s" % last)

    # -- contract
    def check_contract(self):
        recs = [r for r in self.records if r.get("status")]
        app_bad = [r for r in recs if r.get("violation") and r.get("origin") == "app"]
        lb_bad = [r for r in recs if r.get("violation") and r.get("origin") != "app"]
        e500 = [r for r in recs if r["status"] >= 500 and r["status"] != 503]
        self.check("contract: every answer of the service within the contract (problem+json with code, 2xx shapes)",
                   not app_bad, "%d answers checked" % len(recs) if not app_bad else "%d violations, e.g. %s" % (
                       len(app_bad), [(r["op"], r["status"], r["violation"], r.get("body", "")[:120])
                                      for r in app_bad[:4]]))
        lb_all = [r for r in recs if r.get("origin") == "lb"]
        self.check("contract: haproxy's own answers (no instance available) are within the contract too", not lb_bad,
                   "%d answers from haproxy itself, all problem+json" % len(lb_all) if not lb_bad
                   else "%d answers without X-Flashcart-Instance outside the contract: %s" % (
                       len(lb_bad), sorted(count_by(lb_bad, lambda r: "%d %s" % (r["status"], r.get("ctype", ""))
                                                    ).items())))
        self.check("contract: no 5xx other than 503", not e500, "none" if not e500 else "%d, e.g. %s" % (
            len(e500), [(r["op"], r["path"], r["status"], r.get("body", "")[:150]) for r in e500[:3]]))
        reused = [r for r in recs if r.get("code") == "IDEMPOTENCY_KEY_REUSED"]
        self.check("idempotency: no IDEMPOTENCY_KEY_REUSED (the driver repeats a key only with the same body)",
                   not reused, "none" if not reused else "%d, e.g. %s" % (
                       len(reused), [(r["op"], r["path"], r["key"]) for r in reused[:3]]))
        ryw = sum(c.ryw["checked"] for c in self.clients)
        viol = [v for c in self.clients for v in c.ryw["violations"]]
        self.check("read-your-writes: an order just placed is in /me/orders", not viol,
                   "%d checks" % ryw if not viol else "%d of %d missing, e.g. %s (phase %s)" % (
                       len(viol), ryw, viol[0]["orderId"], self.phase(viol[0]["t"])))

    # -- scenario-specific
    def check_scenario(self):
        s = self.ctx.scenario
        fault = [r for r in self.records if r.get("status") is not None and r.get("t") and self.phase(r["t"]) == "fault"
                 and r.get("tag") not in ("setup",)]
        # the outage proper: sent once the stop had completed, answered before the restart began
        lo, hi = self.marks.get("fault_injected", 0), self.marks.get("heal_start", 0)
        outage = [r for r in fault if r["t"] >= lo and r["t"] + r["dt"] <= hi]
        ready_all_up = self.readiness_always_up()
        if s in ("replica", "replica-lag", "kafka", "redis"):
            self.check("readiness: /q/health/ready UP on both instances throughout", ready_all_up[0], ready_all_up[1])
        if s in ("replica", "replica-lag"):
            reads = [r for r in outage if r["op"] not in WRITE_OPS and r["op"] not in ("login", "signup")]
            bad = [r for r in reads if not (200 <= r["status"] < 300)]
            self.check("replica: reads keep answering 2xx while the replica is unusable", reads and not bad,
                       "%d reads during the fault, %d not 2xx %s" % (len(reads), len(bad), status_summary(bad)))
            writes = [r for r in outage if r["op"] in WRITE_OPS]
            badw = [r for r in writes if r["status"] >= 500 or r["status"] == 0]
            self.check("replica: writes unaffected (no 5xx, no connection errors)", writes and not badw,
                       "%d writes during the fault, %d failed %s" % (len(writes), len(badw), status_summary(badw)))
            self.check_replication()
        if s == "kafka":
            writes = [r for r in outage if r["op"] in ("pay", "order_create", "charge")]
            ok_pay = [r for r in outage if r["op"] == "pay" and r["status"] == 200]
            badw = [r for r in writes if r["status"] >= 500 or r["status"] == 0]
            self.check("kafka: payments keep succeeding while Kafka is down", ok_pay and not badw,
                       "%d payments answered 200 during the outage; %d writes failed %s" % (
                           len(ok_pay), len(badw), status_summary(badw)))
        if s == "redis":
            signed = [r for r in outage if r["op"] not in AUTH_FREE_OPS or r["op"] == "login"]
            signed = [r for r in signed if r["op"] != "product"]
            bad = [r for r in signed if r["status"] in (401, 500) or (r["status"] >= 500 and r["code"] != "UNAVAILABLE")]
            lat = [r["dt"] for r in signed if r["status"] == 503]
            self.check("redis: signed-in endpoints and coupon issuance answer 503 UNAVAILABLE (never 401/500)",
                       signed and not bad, "%d signed-in requests during the outage %s; 503 latency p50 %s p99 %s" % (
                           len(signed), status_summary(signed), ms(pct(lat, .5)), ms(pct(lat, .99))))
            prods = [r for r in outage if r["op"] in ("product", "product_list", "popular")]
            badp = [r for r in prods if not (200 <= r["status"] < 300)]
            self.check("redis: product reads (detail, list, popular) keep working", prods and not badp,
                       "%d product reads during the outage, %d not 2xx %s" % (len(prods), len(badp),
                                                                           status_summary(badp)))
            self.check_redis_state()
        if s == "primary-restart":
            # the service's own answers (haproxy's pages, when both instances are out, are the contract check's)
            mine = [r for r in fault if r.get("origin") == "app" or r.get("error")]
            bad = [r for r in mine if r.get("error") or (r["status"] >= 500 and not (
                r["status"] == 503 and r["code"] == "UNAVAILABLE"))]
            app503 = [r for r in mine if r["status"] == 503 and r["code"] == "UNAVAILABLE"]
            lb = [r for r in fault if r.get("origin") == "lb"]
            self.check("primary-restart: requests in flight fail cleanly (the service answers 503 UNAVAILABLE "
                       "problem+json, no 500, no dropped connection)", not bad,
                       "%d answered 503 UNAVAILABLE by the service, %d other failures %s; %d answered by haproxy "
                       "itself (both instances out of rotation)" % (len(app503), len(bad), status_summary(bad),
                                                                    len(lb)))
            rt = self.first_write_after("healed")
            self.check("primary-restart: the service recovers by itself (a write succeeds within 30 s of the primary's return)",
                       rt is not None and rt <= 30, "first successful write %s after the primary was back" % fmt_s(rt))
            self.check_replication()
        if s == "app-kill":
            writes = [r for r in fault if r["op"] in WRITE_OPS]
            ok = [r for r in writes if 200 <= r["status"] < 300 or 400 <= r["status"] < 500]
            self.check("app-kill: the other instance keeps serving writes", ok,
                       "%d of %d writes during the fault got a definitive answer" % (len(ok), len(writes)))
            rt = self.ready_after("healed")
            self.check("app-kill: the restarted instance is ready again within 60 s", rt is not None and rt <= 60,
                       "both instances ready %s after the restart" % fmt_s(rt))

    def check_replication(self):
        out = subprocess.run(["mariadb", "--no-defaults", "--protocol=socket",
                              "--socket=" + self.a.db_socket.replace("mariadb-primary", "mariadb-replica"),
                              "-uroot", "-e", "SHOW SLAVE STATUS\\G"], capture_output=True, text=True, timeout=30)
        running = "Slave_IO_Running: Yes" in out.stdout and "Slave_SQL_Running: Yes" in out.stdout
        gtid = self.db.value("SELECT @@gtid_binlog_pos")
        caught = False
        if running and gtid:
            w = subprocess.run(["mariadb", "--no-defaults", "--protocol=socket", "-N",
                                "--socket=" + self.a.db_socket.replace("mariadb-primary", "mariadb-replica"),
                                "-uroot", "-e", "SELECT MASTER_GTID_WAIT('%s', 30)" % gtid],
                               capture_output=True, text=True, timeout=60)
            caught = w.stdout.strip() == "0"
        self.check("replication: running and caught up with the primary after the heal", running and caught,
                   "IO+SQL threads running, replica at %s" % gtid if running and caught else
                   "running=%s caught_up=%s %s" % (running, caught, out.stderr.strip()[:200]))

    def check_redis_state(self):
        cid, db_holders = self.coupon_state
        key = "fc:coupon:{%d}:holders" % cid
        raw = redis_cmd(self.a.redis_port, "SMEMBERS", key)
        exists = redis_cmd(self.a.redis_port, "EXISTS", key).strip() == "1"
        how = "loaded by the service after Redis returned"
        if not exists:
            st, code, doc, _ = self.admin_http.request("admin_rebuild", "POST",
                                                       "/api/v1/admin/coupons/%d/rebuild" % cid,
                                                       token=self.relogin_admin())
            raw = redis_cmd(self.a.redis_port, "SMEMBERS", key)
            how = "not loaded yet; after POST /admin/coupons/%d/rebuild (%s)" % (cid, st)
        red = {int(x) for x in raw.split() if x.strip().isdigit()}
        self.check("redis: coupon holders in Redis = user_coupon rows in the database", red == db_holders,
                   "%d holders, %s" % (len(red), how) if red == db_holders else
                   "Redis %d %s vs DB %d %s (%s)" % (len(red), sorted(red)[:10], len(db_holders),
                                                     sorted(db_holders)[:10], how))
        built = redis_cmd(self.a.redis_port, "EXISTS", "fc:ranking:built").strip() == "1"
        self.check("redis: ranking rebuilt after the restart (fc:ranking:built present)", built,
                   "present" if built else "missing")

    def relogin_admin(self):
        st, code, doc, _ = self.admin_http.request("login", "POST", "/api/v1/sessions",
                                                   body={"email": self.ctx.admin_email,
                                                         "password": self.ctx.admin_password})
        return doc["token"] if st == 201 else None

    # -- timings
    def readiness_always_up(self):
        lo, hi = self.load_start, self.load_end
        down = [(t, p) for t, p, up in self.samples if not up and lo <= t <= hi]
        n = len([1 for t, p, up in self.samples if lo <= t <= hi])
        if not down:
            return True, "%d polls (every 0.5 s on each instance), all UP" % n
        return False, "%d of %d polls DOWN, first at +%.1fs on :%d" % (len(down), n, down[0][0] - lo, down[0][1])

    def ready_after(self, mark):
        t0 = self.marks.get(mark)
        if t0 is None:
            return None
        last = {}
        for t, p, up in sorted(self.samples):
            last[p] = up
            if t >= t0 and len(last) >= 2 and all(last.values()):
                # both UP at this poll; if they never went down after the mark, this is the first poll
                return max(0.0, t - t0)
        return None

    def first_write_after(self, mark):
        t0 = self.marks.get(mark)
        if t0 is None:
            return None
        ts = [r["t"] + r["dt"] for r in self.records
              if r["op"] in WRITE_OPS and r.get("status") and 200 <= r["status"] < 300 and r["t"] >= t0]
        return (min(ts) - t0) if ts else None

    def longest_write_gap(self):
        ts = sorted(r["t"] + r["dt"] for r in self.records if r["op"] in WRITE_OPS and r.get("status")
                    and 200 <= r["status"] < 300 and self.load_start <= r["t"] <= self.load_end)
        if len(ts) < 2:
            return None, None
        gaps = [(b - a, a) for a, b in zip(ts, ts[1:])]
        g, at = max(gaps)
        return g, at - self.load_start

    def figures_and_write(self):
        a, m = self.a, self.marks
        load = [r for r in self.records if r.get("t") and self.load_start <= r["t"] and r.get("op") != "driver-error"]
        errors = [r for r in self.records if r.get("op") == "driver-error"]
        by_status = count_by(load, lambda r: status_label(r))
        by_code = count_by([r for r in load if r.get("code")], lambda r: "%d %s" % (r["status"], r["code"]))
        t0 = self.load_start

        def rel(name):
            return "+%.1f s" % (m[name] - t0) if name in m else "-"

        rt_write = self.first_write_after("healed")
        rt_ready = self.ready_after("healed")
        gap, gap_at = self.longest_write_gap()
        fault_recs = [r for r in load if self.phase(r["t"]) == "fault"]
        fw = [r for r in fault_recs if r["op"] in WRITE_OPS]
        fw_ok = [r for r in fw if 200 <= (r["status"] or 0) < 300]
        transitions = readiness_transitions(self.samples, t0)
        per_op = {}
        for r in load:
            d = per_op.setdefault(r["op"], {"n": 0, "lat": [], "phases": {}})
            d["n"] += 1
            d["lat"].append(r["dt"])
            ph = self.phase(r["t"])
            d["phases"].setdefault(ph, {})
            lab = status_label(r)
            d["phases"][ph][lab] = d["phases"][ph].get(lab, 0) + 1
        n_fail = sum(1 for _, ok, _ in self.results if not ok)
        verdict = "PASS" if n_fail == 0 else "FAIL (%d of %d invariants)" % (n_fail, len(self.results))
        md = []
        md.append("## `%s` — %s" % (self.ctx.scenario, verdict))
        md.append("")
        md.append("Run `%s`, %s UTC, %d clients through haproxy (`%s`), %.0f s of load; %d requests sent "
                  "(%d more during setup); writes without a definitive answer after the load: %d, still unresolved "
                  "after 60 s of retries: %d.%s" % (
                      self.ctx.run_id, datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"), a.clients, a.lb,
                      self.load_end - t0, len(load), self.setup_records, self.unresolved_before,
                      self.unresolved_left, " Driver errors: %d." % len(errors) if errors else ""))
        md.append("")
        md.append("Timeline (from the start of the load): fault injected %s, healed %s, load stopped +%.1f s. %s" % (
            rel("fault_start"), rel("healed"), self.load_end - t0, m.get("_note", "")))
        md.append("")
        md.append("| figure | value |")
        md.append("| --- | --- |")
        md.append("| fault healed -> first successful write | %s |" % fmt_s(rt_write))
        md.append("| fault healed -> `/q/health/ready` UP on both instances | %s |" % fmt_s(rt_ready))
        md.append("| writes during the fault answered 2xx | %d of %d |" % (len(fw_ok), len(fw)))
        md.append("| longest gap between successful writes | %s%s |" % (
            fmt_s(gap), "" if gap is None else " (from +%.1f s)" % gap_at))
        md.append("| readiness transitions | %s |" % (transitions or "none (UP throughout)"))
        if "events_wait" in self.figures:
            md.append("| events: time polled until the last one was there | %s |" % fmt_s(self.figures["events_wait"]))
        md.append("| outbox: most unpublished rows seen (sampled every 1 s) | %d |" % getattr(self.ctx, "outbox_max", 0))
        if "outbox_drained" in m and "healed" in m:
            md.append("| healed -> every outbox row written before the heal published | %.1f s |" % (
                max(0.0, m["outbox_drained"] - m["healed"])))
        md.append("")
        md.append("**Answers by status:** " + ", ".join("%s: %d" % kv for kv in sorted(by_status.items())))
        md.append("")
        md.append("**Problems by code:** " + (", ".join("%s: %d" % kv for kv in sorted(by_code.items())) or "none"))
        md.append("")
        md.append("| endpoint | requests | p50 | p99 | before the fault | during the fault | after the heal |")
        md.append("| --- | --- | --- | --- | --- | --- | --- |")
        for op in sorted(per_op):
            d = per_op[op]
            md.append("| %s | %d | %s | %s | %s | %s | %s |" % (
                op, d["n"], ms(pct(d["lat"], .5)), ms(pct(d["lat"], .99)),
                fmt_counts(d["phases"].get("before")), fmt_counts(d["phases"].get("fault")),
                fmt_counts(d["phases"].get("after"))))
        md.append("")
        md.append("| invariant | result | detail |")
        md.append("| --- | --- | --- |")
        for name, ok, detail in self.results:
            md.append("| %s | %s | %s |" % (name, "PASS" if ok else "**FAIL**", str(detail).replace("|", "/")))
        md.append("")
        examples = [r for r in load if r.get("violation") or (r["status"] >= 500 and r["status"] != 503)][:5]
        if examples:
            md.append("Examples of answers outside the contract:")
            md.append("")
            for r in examples:
                md.append("- `%s %s` -> %d (%s, %s): `%s`" % (r["method"], r["path"], r["status"], r["origin"],
                                                             r.get("violation"), (r.get("body") or "")[:160]
                                                             .replace("\n", " ").replace("`", "'")))
            md.append("")
        text = "\n".join(md) + "\n"
        with open(a.results, "w") as f:
            f.write(text)
        summary = {"scenario": self.ctx.scenario, "verdict": verdict, "requests": len(load),
                   "by_status": by_status, "by_code": by_code,
                   "healed_to_first_write_s": rt_write, "healed_to_ready_s": rt_ready,
                   "invariants": [{"name": n, "ok": ok, "detail": d} for n, ok, d in self.results]}
        with open(os.path.join(a.workdir, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1, default=str)
        print()
        print(text)


def status_label(r):
    if r.get("error"):
        return r["error"]
    if r.get("status") and r.get("origin") == "lb":
        return "%d(lb)" % r["status"]
    return str(r.get("status"))


def status_summary(recs):
    if not recs:
        return ""
    return "(" + ", ".join("%s: %d" % kv for kv in sorted(count_by(
        recs, lambda r: status_label(r) + (" " + r["code"] if r.get("code") else "")).items())) + ")"


def count_by(items, fn):
    out = {}
    for x in items:
        k = fn(x)
        out[k] = out.get(k, 0) + 1
    return out


def fmt_counts(d):
    if not d:
        return "-"
    return " ".join("%s:%d" % kv for kv in sorted(d.items()))


def ms(v):
    return "-" if v is None else "%.0f ms" % (v * 1000)


def readiness_transitions(samples, t0):
    state, out = {}, []
    for t, p, up in sorted(samples):
        if p in state and state[p] != up:
            out.append(":%d %s at +%.1f s" % (p, "UP" if up else "DOWN", t - t0))
        state[p] = up
    return "; ".join(out)


if __name__ == "__main__":
    main()

"""Creates the benchmark conference through the JSON API: 2 days, 4 rooms, 120 sessions (15 per room and
day, 30 minutes each), 8 speakers, published. Usage: agenda_data.py BASE_URL TOKEN SLUG"""
import json
import sys
import urllib.request

base, token, slug = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, path, body=None):
    req = urllib.request.Request(f"{base}/api/v1{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        text = r.read()
        return json.loads(text) if text else None


call("POST", "/conferences", {"title": "Hội nghị tổng kết và tập huấn nghiệp vụ (đo hiệu năng)", "slug": slug,
                              "starts_on": "2026-12-01", "ends_on": "2026-12-02", "venue_name": "Hội trường Thống Nhất",
                              "capacity": 500})
rooms = [call("POST", f"/conferences/{slug}/agenda/rooms", {"name": n, "capacity": 120})["id"]
         for n in ["Hội trường A", "Hội trường B", "Phòng tập huấn 1", "Phòng tập huấn 2"]]
names = [("Nguyễn", "Văn", "An"), ("Trần", "Thị", "Bích"), ("Lê", "Hoàng", "Cường"), ("Phạm", "Thu", "Dung"),
         ("Hoàng", "Minh", "Đức"), ("Vũ", "Ngọc", "Hà"), ("Đặng", "Quốc", "Khánh"), ("Bùi", "Thị", "Lan")]
people = [call("POST", f"/conferences/{slug}/agenda/people",
               {"family_name": f, "middle_name": m, "given_name": g, "honorific": "ông",
                "position_title": "Phó Giám đốc Bảo hiểm xã hội tỉnh"})["id"] for f, m, g in names]
kinds = ["report", "speech", "discussion", "training", "questions"]
n = 0
for day in ["2026-12-01", "2026-12-02"]:
    for r, room in enumerate(rooms):
        for i in range(15):
            start = 8 * 60 + 30 * i
            s = call("POST", f"/conferences/{slug}/agenda/sessions", {
                "title": f"Phiên {n + 1}: Tổng kết công tác thông tin đối ngoại và kế hoạch năm tới của các tỉnh phía Nam",
                "kind": kinds[n % len(kinds)], "day": day,
                "start": f"{start // 60:02}:{start % 60:02}", "end": f"{(start + 30) // 60:02}:{(start + 30) % 60:02}",
                "room_id": room, "description": "Nội dung phiên, báo cáo viên và tài liệu kèm theo."})
            call("POST", f"/agenda/sessions/{s['id']}/people", {"person_id": people[n % len(people)], "role": "presenter"})
            n += 1
call("POST", f"/conferences/{slug}/agenda/publish")
call("POST", f"/conferences/{slug}/publish")
print(f"{n} sessions")

#!/usr/bin/env python3
"""Regenerate samples/claims-sample.csv: a deterministic claims-v1 sample.

The bundled CSV is committed; this script documents how it was made. Run: python3 make_sample.py > claims-sample.csv
"""
import random

R = random.Random(20201)
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"

def rid(area, y, m, d, seq):
    s = "%06d%04d%02d%02d%03d" % (area, y, m, d, seq)
    return s + C[sum(int(a) * w for a, w in zip(s, W)) % 11]

GROUPS = ["poor_labor", "rural_migrant", "new_gen_migrant", "school_leaver", "college_grad",
          "registered_unemployed", "hard_to_employ", "disabled", "enterprise_employee", "new_hire",
          "struggling_enterprise_employee", "veteran", "flexible_employed", "student"]
TYPES = ["employment_skill", "skill_upgrade", "pre_job", "safety", "job_transfer", "project_based",
         "entrepreneurship", "labor_preparatory", "apprenticeship", "special_operation"]
LEVELS = ["none", "special_ability", "junior", "intermediate", "senior", "technician"]
CERTS = {"none": "training_completion", "special_ability": "special_ability"}
OCCS = ["电工", "焊工", "家政服务员", "育婴员", "养老护理员", "中式烹调师", "汽车维修工", "电子商务师", "保安员", "美容师"]
DISTRICTS = ["盐湖区", "永济市", "河津市", "临猗县", "万荣县", "闻喜县", "稷山县", "新绛县", "绛县", "垣曲县", "夏县", "平陆县", "芮城县"]
ORGS = ["enterprise", "vocational_school", "public_institution", "private_institution"]

def day(y, doy):
    import datetime
    return datetime.date(y, 1, 1) + datetime.timedelta(days=doy)

print("claim_id,person_id,district,claim_date,groups,hukou_local,receives_pension,training_type,"
      "occupation,level,certificate,start_date,end_date,days,hours_total,hours_online,fee,"
      "organizer_type,organizer_id,organizer_free,class_id,class_employment_rate")
n = 0
for p in range(400):
    birth = day(R.randint(1960, 2002), R.randint(0, 364))
    pid = rid(140800 + R.randint(1, 30), birth.year, birth.month, birth.day, R.randint(1, 999))
    if R.random() < 0.03:  # a typo in the check digit
        pid = pid[:-1] + ("0" if pid[-1] != "0" else "1")
    groups = R.sample(GROUPS, R.choice([1, 1, 1, 2]))
    district = R.choice(DISTRICTS)
    for k in range(R.choice([1, 1, 2, 2, 3, 4, 5])):
        n += 1
        y = R.choice([2019, 2020, 2020, 2021])
        start = day(y, R.randint(0, 300))
        length = R.randint(3, 40)
        end = start + __import__("datetime").timedelta(days=length - 1)
        claim = end + __import__("datetime").timedelta(days=R.randint(1, 30))
        tt = R.choice(TYPES)
        lv = R.choice(LEVELS)
        cert = CERTS.get(lv, R.choice(["skill_level", "qualification"]))
        if R.random() < 0.2:
            cert = "none"
        hours = length * 6
        online = R.choice([0, 0, hours // 5, hours // 2])
        fee = R.choice([0, 300, 600, 800, 1200, 1500, 2000]) + R.choice([0, 0.5])
        rate = R.choice(["", "", "60", "85", "92"])
        print(",".join([
            "YC%05d" % n, pid, district, claim.isoformat(), "|".join(groups),
            R.choice(["true", "true", "false", ""]), R.choice(["false", "false", "false", "true", ""]),
            tt, R.choice(OCCS), lv, cert, start.isoformat(), end.isoformat(),
            str(length - R.choice([0, 0, 0, 1, 2])), str(hours), str(online), "%.2f" % fee,
            R.choice(ORGS), "ORG%03d" % R.randint(1, 40), R.choice(["true", "false"]),
            "CL%04d" % R.randint(1, 300), rate]))
# A few rows a careless export produces: each must come back as one rejected row.
print("YCBAD1,142702198503121235,盐湖区,2020-13-01,rural_migrant,true,false,employment_skill,电工,junior,skill_level,2020-01-01,2020-01-10,10,60,0,800,private_institution,ORG001,true,CL0001,")
print("YCBAD2,142702198503121235,盐湖区,2020-05-01,rural_migrant,true,false,cooking_class,电工,junior,skill_level,2020-01-01,2020-01-10,10,60,0,800,private_institution,ORG001,true,CL0001,")
print("YCBAD3,142702198503121235,盐湖区,2020-05-01,rural_migrant,true,false,employment_skill,电工,junior,skill_level,2020-02-01,2020-01-10,10,60,0,800,private_institution,ORG001,true,CL0001,")
print("YCBAD4,14270219850312,盐湖区,2020-05-01,rural_migrant,maybe,false,employment_skill,电工,junior,skill_level,2020-01-01,2020-01-10,10,60,0,8.005,private_institution,ORG001,true,CL0001,")
print("YC00001,142702198503121235,盐湖区,2020-05-01,rural_migrant,true,false,employment_skill,电工,junior,skill_level,2020-01-01,2020-01-10,10,60,0,800,private_institution,ORG001,true,CL0001,")
print("YCBAD5,142702198503121235,\"盐湖区, 北城\",2020-05-02,rural_migrant,true,false,employment_skill,焊工,junior,skill_level,2020-01-01,2020-01-10,10,60,0,800,private_institution,ORG001,true,CL0001")

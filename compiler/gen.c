/*
** gen.c — `polis gen`: deterministic synthetic claims (claims-v1 CSV).
**
** The data is made person by person.  A person lives in one district of one
** of the five cities with a policy (聊城, 运城, 济南, 德州, 泰安), belongs to a
** profile (rural migrant, enterprise worker, student, veteran, ...) that
** decides her groups, her age and which trainings she takes, and makes 1-6
** claims dated mostly 2019-2021.  Occupation, level, certificate, length,
** hours, fee and organizer follow the training type, so the cities' rules
** meet the combinations they were written for, and some they were not.
**
** Determinism.  Person i draws from its own xoshiro256** stream seeded by
** splitmix64 from (seed, i), and whether row r gets a broken person_id is a
** hash of (seed, r); there is no floating point and no library randomness.
** So the output depends only on (seed, invalid share, city), is identical on
** every platform, and the output for N rows is a prefix of the output for
** any larger N.  Changing --invalid-share changes only person_id cells.
**
** Memory is constant: one output buffer and one person at a time.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "gen.h"
#include "polis_rt.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- Random numbers ------------------------------------------------------ */

typedef struct gen_rng {
  uint64_t s[4];
} gen_rng;

static uint64_t splitmix64(uint64_t *x)
{
  uint64_t z = (*x += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

/* A well-mixed hash of one word (splitmix64's finaliser). */
static uint64_t mix64(uint64_t x)
{
  return splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(gen_rng *r)
{
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/* Stream `index` of the key: persons are independent of each other. */
static void rng_seed(gen_rng *r, uint64_t key, uint64_t index)
{
  uint64_t x = key ^ mix64(index + 0x5851F42D4C957F2Du);
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64(&x);
}

/* Uniform in [0, n), n < 2^32, by multiply-shift: exact integer arithmetic,
** so the same on every platform. */
static int below(gen_rng *r, uint32_t n)
{
  return (int)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static int range(gen_rng *r, int lo, int hi)
{
  return lo + below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability pm / 1000. */
static int chance(gen_rng *r, int pm)
{
  return below(r, 1000) < pm;
}

/* Index into w[0..n) with probability proportional to w[i]. */
static int pick(gen_rng *r, const unsigned short *w, int n)
{
  unsigned sum = 0;
  for (int i = 0; i < n; i++)
    sum += w[i];
  int x = below(r, sum);
  for (int i = 0; i < n; i++) {
    if (x < (int)w[i])
      return i;
    x -= (int)w[i];
  }
  return n - 1;
}

/* ---- The claims-v1 vocabulary -------------------------------------------- */

static const char header[] =
  "claim_id,person_id,district,department,claim_date,groups,hukou_local,"
  "residence_months,insured_months,receives_pension,business_months,"
  "training_type,occupation,level,certificate,start_date,end_date,days,"
  "hours_total,hours_online,fee,organizer_type,organizer_id,organizer_free,"
  "class_id,class_employment_rate\n";

/* group, in claims-v1 order */
enum {
  G_POOR_CHILD, G_POOR_LABOR, G_STUDENT, G_LEAVER, G_RURAL_MIGRANT, G_NEW_GEN,
  G_UNEMPLOYED, G_HARD, G_DISABLED, G_ZERO_FAMILY, G_UI, G_OVERCAP,
  G_SOON_RELEASED, G_REHAB, G_CORRECTIONS, G_YELLOW_RIVER, G_VETERAN,
  G_EMPLOYEE, G_NEW_HIRE, G_STRUGGLING, G_DOMESTIC, G_FLEXIBLE, G_GRAD,
  G_BUSINESS, G_DIBAO, G_RURAL, NGROUPS
};
static const char *const group_names[NGROUPS] = {
  "poor_household_child", "poor_labor", "student", "school_leaver", "rural_migrant",
  "new_gen_migrant", "registered_unemployed", "hard_to_employ", "disabled",
  "zero_employment_family", "ui_recipient", "overcapacity_laid_off", "soon_released",
  "rehab_detainee", "community_corrections", "yellow_river_relocated", "veteran",
  "enterprise_employee", "new_hire", "struggling_enterprise_employee", "domestic_worker",
  "flexible_employed", "college_grad", "business_owner", "urban_dibao", "rural_resident"};

enum {
  T_EMPLOYMENT, T_UPGRADE, T_PRE_JOB, T_SAFETY, T_TRANSFER, T_APPRENTICE,
  T_ENTREPRENEUR, T_PREPARATORY, T_PROJECT, T_HIGH_SKILL, T_SPECIAL_OP,
  T_DOMESTIC, T_CAMP, NTYPES
};
static const char *const type_names[NTYPES] = {
  "employment_skill", "skill_upgrade", "pre_job", "safety", "job_transfer",
  "apprenticeship", "entrepreneurship", "labor_preparatory", "project_based",
  "high_skill", "special_operation", "domestic_service", "employability_camp"};

enum { L_NONE, L_SPECIAL, L_JUNIOR, L_INTERMEDIATE, L_SENIOR, L_TECHNICIAN, L_SENIOR_TECH, NLEVELS };
static const char *const level_names[NLEVELS] = {
  "none", "special_ability", "junior", "intermediate", "senior", "technician",
  "senior_technician"};

enum { C_NONE, C_QUALIFICATION, C_SKILL_LEVEL, C_SPECIAL, C_COMPLETION, C_SPECIAL_OP, NCERTS };
static const char *const cert_names[NCERTS] = {
  "none", "qualification", "skill_level", "special_ability", "training_completion",
  "special_operation"};

enum { O_ENTERPRISE, O_SCHOOL, O_PUBLIC, O_PRIVATE, NORGS };
static const char *const org_names[NORGS] = {
  "enterprise", "vocational_school", "public_institution", "private_institution"};
static const char *const org_codes[NORGS] = {"QY", "YX", "GB", "MB"};
static const int org_pool[NORGS] = {80, 12, 10, 60};

/* Occupations: the ten of every standards table (policies/standards/CITY.csv,
** same spelling), 快递员 (only Liaocheng's table), the table row 创业培训,
** and trades no table lists (no_entry_in_standard). */
enum { NOCCS = 18 };
static const char *const occ_names[NOCCS] = {
  "电工", "焊工", "家政服务员", "育婴员", "养老护理员", "中式烹调师",
  "汽车维修工", "电子商务师", "保安员", "美容师", "快递员", "创业培训",
  "农家乐经营", "无人机驾驶员", "茶艺师", "互联网营销师", "叉车司机", "面点师"};
enum { OC_ELECTRICIAN = 0, OC_WELDER = 1, OC_ECOMMERCE = 7, OC_NETSALES = 15 };

/* Jinan's plan splits its quota by department (policies/jinan.polis); the
** same names serve every city. */
enum {
  D_EDU, D_SCI, D_HOUSING, D_HRSS, D_AGRI, D_COMMERCE, D_EMERGENCY, D_SASAC,
  D_VETERANS, D_UNION, D_YOUTH, D_WOMEN, D_DISABLED, NDEPTS
};
static const char *const dept_names[NDEPTS] = {
  "市教育局", "市科技局", "市住房城乡建设局", "市人力资源社会保障局", "市农业农村局",
  "市商务局", "市应急局", "市国资委", "市退役军人事务局", "市总工会", "团市委",
  "市妇联", "市残联"};

/* ---- Cities and districts ------------------------------------------------ */

typedef struct gen_district {
  const char *name;
  int area;         /* the resident-ID area code (GB/T 2260) */
  int old_area;     /* the code before a re-organisation, or 0 */
  int old_until;    /* people born before this year mostly carry old_area */
  int yellow_river; /* has 黄河滩区迁建 residents */
  unsigned short weight;
} gen_district;

/* Liaocheng: exactly the 12 keys of `quota plan_2019`, weighted by it. */
static const gen_district liaocheng_d[] = {
  {"市本级", 371502, 0, 0, 0, 44},          {"东昌府区", 371502, 0, 0, 0, 93},
  {"茌平区", 371503, 371523, 2019, 0, 65},  {"临清市", 371581, 0, 0, 0, 84},
  {"冠县", 371525, 0, 0, 0, 68},            {"莘县", 371522, 0, 0, 0, 74},
  {"阳谷县", 371521, 0, 0, 1, 63},          {"东阿县", 371524, 0, 0, 1, 58},
  {"高唐县", 371526, 0, 0, 0, 74},          {"经济技术开发区", 371502, 0, 0, 0, 74},
  {"高新技术产业开发区", 371502, 0, 0, 0, 63}, {"江北水城旅游度假区", 371502, 0, 0, 0, 42}};
/* Yuncheng: the 1427xx codes of the former 运城地区 stay on older IDs. */
static const gen_district yuncheng_d[] = {
  {"盐湖区", 140802, 142701, 2000, 0, 70}, {"永济市", 140881, 142702, 2000, 0, 40},
  {"河津市", 140882, 142703, 2000, 0, 35}, {"临猗县", 140821, 142724, 2000, 0, 50},
  {"万荣县", 140822, 142725, 2000, 0, 38}, {"闻喜县", 140823, 142729, 2000, 0, 35},
  {"稷山县", 140824, 142727, 2000, 0, 30}, {"新绛县", 140825, 142726, 2000, 0, 30},
  {"绛县", 140826, 142731, 2000, 0, 25},   {"垣曲县", 140827, 142733, 2000, 0, 20},
  {"夏县", 140828, 142730, 2000, 0, 30},   {"平陆县", 140829, 142732, 2000, 0, 22},
  {"芮城县", 140830, 142723, 2000, 0, 35}};
static const gen_district jinan_d[] = {
  {"历下区", 370102, 0, 0, 0, 60},            {"市中区", 370103, 0, 0, 0, 60},
  {"槐荫区", 370104, 0, 0, 1, 50},            {"天桥区", 370105, 0, 0, 1, 50},
  {"历城区", 370112, 0, 0, 0, 90},            {"长清区", 370113, 0, 0, 1, 40},
  {"章丘区", 370114, 370181, 2016, 1, 60},    {"济阳区", 370115, 370125, 2018, 1, 35},
  {"莱芜区", 370116, 371202, 2019, 0, 55},    {"钢城区", 370117, 371203, 2019, 0, 20},
  {"平阴县", 370124, 0, 0, 1, 25},            {"商河县", 370126, 0, 0, 0, 35}};
static const gen_district dezhou_d[] = {
  {"德城区", 371402, 0, 0, 0, 45}, {"陵城区", 371403, 371421, 2014, 0, 35},
  {"禹城市", 371482, 0, 0, 0, 35}, {"乐陵市", 371481, 0, 0, 0, 40},
  {"临邑县", 371424, 0, 0, 0, 35}, {"平原县", 371426, 0, 0, 0, 30},
  {"夏津县", 371427, 0, 0, 0, 32}, {"武城县", 371428, 0, 0, 0, 25},
  {"庆云县", 371423, 0, 0, 0, 20}, {"宁津县", 371422, 0, 0, 0, 28},
  {"齐河县", 371425, 0, 0, 1, 40}};
static const gen_district taian_d[] = {
  {"泰山区", 370902, 0, 0, 0, 50}, {"岱岳区", 370911, 0, 0, 0, 60},
  {"新泰市", 370982, 0, 0, 0, 80}, {"肥城市", 370983, 0, 0, 0, 60},
  {"宁阳县", 370921, 0, 0, 0, 45}, {"东平县", 370923, 0, 0, 1, 45},
  {"泰安高新区", 370902, 0, 0, 0, 10}};

/* Where people without local hukou come from. */
static const int origin_areas[] = {131102, 410902, 371702, 370802, 341302,
                                   412702, 371302, 130602, 140802, 371502};

/* Profiles: what kind of person makes the claims. */
enum {
  P_MIGRANT, P_ENTERPRISE, P_STUDENT, P_LEAVER, P_UNEMPLOYED, P_PROJECT,
  P_VETERAN, P_BUSINESS, P_DOMESTIC, P_FLEXIBLE, P_GRAD, P_SENIOR, NPROFILES
};

typedef struct gen_city {
  const char *key, *name, *code;
  const gen_district *d;
  int nd;
  unsigned short profile_w[NPROFILES];
} gen_city;

/* Profile mix per city: Yuncheng has more poverty-alleviation projects,
** Jinan more enterprise workers, students and graduates. */
static const gen_city cities[GEN_NCITIES] = {
  {"liaocheng", "聊城", "LC", liaocheng_d, NELEM(liaocheng_d),
   {200, 200, 70, 40, 110, 80, 40, 50, 60, 40, 50, 60}},
  {"yuncheng", "运城", "YC", yuncheng_d, NELEM(yuncheng_d),
   {220, 150, 60, 50, 110, 130, 40, 50, 60, 40, 40, 50}},
  {"jinan", "济南", "JN", jinan_d, NELEM(jinan_d),
   {110, 270, 110, 30, 100, 40, 50, 60, 70, 50, 80, 30}},
  {"dezhou", "德州", "DZ", dezhou_d, NELEM(dezhou_d),
   {210, 210, 60, 50, 110, 80, 40, 50, 60, 40, 40, 50}},
  {"taian", "泰安", "TA", taian_d, NELEM(taian_d),
   {180, 230, 70, 40, 110, 60, 50, 60, 60, 40, 50, 50}}};

typedef struct gen_profile {
  short born_lo, born_hi;  /* birth years */
  short nonlocal_pm;       /* per mille without local hukou */
  unsigned short type_w[NTYPES];
} gen_profile;

/* type_w order: employment_skill skill_upgrade pre_job safety job_transfer
** apprenticeship entrepreneurship labor_preparatory project_based high_skill
** special_operation domestic_service employability_camp.  Enterprise workers
** get theirs from ent_type_w instead. */
static const gen_profile profiles[NPROFILES] = {
  [P_MIGRANT] = {1958, 2000, 100, {50, 15, 4, 4, 2, 0, 8, 0, 3, 1, 5, 3, 1}},
  [P_ENTERPRISE] = {1965, 2001, 80, {0}},
  [P_STUDENT] = {1997, 2002, 60, {40, 10, 0, 0, 0, 0, 25, 0, 0, 0, 0, 0, 25}},
  [P_LEAVER] = {2000, 2004, 20, {35, 0, 0, 0, 0, 0, 0, 60, 0, 0, 0, 0, 5}},
  [P_UNEMPLOYED] = {1962, 1998, 40, {55, 10, 0, 0, 10, 0, 15, 0, 0, 0, 5, 5, 0}},
  [P_PROJECT] = {1958, 1998, 10, {25, 0, 0, 0, 0, 0, 5, 0, 70, 0, 0, 0, 0}},
  [P_VETERAN] = {1970, 1999, 30, {45, 20, 0, 0, 0, 0, 25, 0, 0, 0, 10, 0, 0}},
  [P_BUSINESS] = {1965, 1998, 60, {15, 10, 0, 0, 0, 0, 75, 0, 0, 0, 0, 0, 0}},
  [P_DOMESTIC] = {1960, 1995, 350, {5, 20, 10, 0, 0, 0, 0, 0, 0, 0, 0, 65, 0}},
  [P_FLEXIBLE] = {1965, 2000, 200, {50, 30, 0, 0, 0, 0, 10, 0, 0, 0, 0, 10, 0}},
  [P_GRAD] = {1995, 2001, 80, {30, 0, 10, 0, 0, 20, 25, 0, 0, 0, 0, 0, 15}},
  [P_SENIOR] = {1955, 1961, 20, {70, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0}}};

/* Enterprise workers: employee, new hire, struggling enterprise. */
static const unsigned short ent_type_w[3][NTYPES] = {
  {0, 40, 5, 18, 5, 10, 0, 0, 0, 10, 12, 0, 0},
  {0, 15, 50, 15, 0, 20, 0, 0, 0, 0, 0, 0, 0},
  {20, 25, 0, 10, 45, 0, 0, 0, 0, 0, 0, 0, 0}};

/* Per training type: occupations, levels, length, fee, organizer. */
typedef struct gen_training {
  unsigned short occ_w[NOCCS];
  unsigned short level_w[NLEVELS];
  short span_lo, span_hi;  /* calendar days from start to end */
  short fee_lo, fee_hi;    /* yuan, in steps of 50 */
  unsigned short org_w[NORGS];
} gen_training;

static const gen_training trainings[NTYPES] = {
  [T_EMPLOYMENT] = {{12, 10, 8, 7, 8, 12, 8, 10, 6, 6, 3, 0, 0, 2, 2, 3, 2, 3},
                    {15, 12, 45, 18, 8, 1, 1}, 7, 30, 600, 2400, {5, 20, 25, 50}},
  [T_UPGRADE] = {{15, 14, 4, 3, 5, 8, 12, 6, 5, 4, 0, 0, 0, 1, 0, 2, 3, 0},
                 {5, 5, 20, 35, 25, 8, 2}, 5, 30, 800, 3000, {40, 15, 10, 35}},
  [T_PRE_JOB] = {{12, 10, 8, 3, 6, 8, 10, 6, 12, 3, 4, 0, 0, 0, 0, 0, 4, 2},
                 {45, 10, 35, 8, 2, 0, 0}, 2, 10, 300, 800, {75, 5, 5, 15}},
  [T_SAFETY] = {{30, 25, 0, 0, 0, 0, 5, 0, 10, 0, 0, 0, 0, 0, 0, 0, 15, 0},
                {70, 0, 20, 8, 2, 0, 0}, 1, 5, 300, 800, {50, 5, 15, 30}},
  [T_TRANSFER] = {{10, 8, 8, 0, 10, 12, 8, 12, 12, 0, 5, 0, 0, 0, 0, 3, 5, 5},
                  {20, 15, 45, 15, 5, 0, 0}, 10, 30, 600, 2000, {25, 10, 25, 40}},
  [T_APPRENTICE] = {{20, 20, 0, 0, 5, 15, 20, 10, 0, 5, 0, 0, 0, 0, 0, 0, 0, 5},
                    {0, 0, 25, 45, 25, 5, 0}, 30, 180, 1500, 3000, {70, 30, 0, 0}},
  [T_ENTREPRENEUR] = {{0, 0, 0, 0, 0, 0, 0, 10, 0, 3, 0, 75, 8, 0, 0, 4, 0, 0},
                      {92, 0, 5, 3, 0, 0, 0}, 5, 15, 800, 1500, {0, 15, 40, 45}},
  [T_PREPARATORY] = {{15, 0, 0, 5, 0, 15, 20, 20, 0, 15, 0, 0, 0, 0, 0, 0, 0, 10},
                     {10, 10, 70, 10, 0, 0, 0}, 30, 120, 1000, 3000, {0, 80, 10, 10}},
  [T_PROJECT] = {{8, 10, 20, 4, 15, 20, 0, 10, 0, 0, 0, 0, 0, 0, 3, 0, 0, 10},
                 {30, 25, 35, 10, 0, 0, 0}, 10, 30, 800, 2000, {0, 15, 45, 40}},
  [T_HIGH_SKILL] = {{30, 30, 0, 0, 5, 15, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                    {0, 0, 0, 0, 15, 60, 25}, 15, 60, 2000, 3000, {40, 40, 10, 10}},
  [T_SPECIAL_OP] = {{55, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0},
                    {75, 0, 15, 8, 2, 0, 0}, 3, 15, 500, 1500, {20, 10, 20, 50}},
  [T_DOMESTIC] = {{0, 0, 50, 25, 25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                  {20, 30, 35, 12, 3, 0, 0}, 7, 25, 600, 2000, {5, 10, 20, 65}},
  [T_CAMP] = {{0, 0, 0, 0, 0, 15, 10, 35, 0, 10, 0, 0, 0, 0, 10, 20, 0, 0},
              {80, 10, 10, 0, 0, 0, 0}, 3, 10, 300, 1000, {5, 50, 25, 20}}};

/* Claims per month (2020: the epidemic emptied February and March, and
** every year ends with a rush to use the budget). */
static const unsigned short month_w[2][12] = {
  {6, 4, 9, 9, 10, 10, 9, 9, 10, 10, 11, 13},
  {6, 1, 3, 8, 10, 11, 11, 11, 11, 11, 12, 14}};
static const unsigned short year_w[3] = {30, 33, 37};          /* 2019-2021 */
static const unsigned short nclaims_w[6] = {550, 250, 100, 50, 30, 20};

/* ---- One person ---------------------------------------------------------- */

typedef struct gen_person {
  int city, district, profile;
  int64_t birth;             /* days since 1970-01-01 */
  char id[19];               /* a valid resident ID */
  int ngroups;
  unsigned char groups[3];
  uint32_t gbits;
  int hukou_local;
  int residence, insured, business; /* months, -1 = empty cell */
  int pension;
  int ent_kind;              /* enterprise workers: 0 employee, 1 new hire, 2 struggling */
} gen_person;

static int has(const gen_person *p, int g)
{
  return (p->gbits >> g) & 1;
}

static void add_group(gen_person *p, int g)
{
  if (p->ngroups < 3 && !has(p, g)) {
    p->groups[p->ngroups++] = (unsigned char)g;
    p->gbits |= (uint32_t)1 << g;
  }
}

static const char check_chars[] = "10X98765432";

static char id_check(const char *s)
{
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; i++)
    sum += (s[i] - '0') * w[i];
  return check_chars[sum % 11];
}

static void put_digits(char *s, int64_t v, int width)
{
  for (int i = width - 1; i >= 0; i--, v /= 10)
    s[i] = (char)('0' + v % 10);
}

static int year_of(int64_t days)
{
  int64_t y;
  unsigned m, d;
  rt_civil_from_days(days, &y, &m, &d);
  return (int)y;
}

static void person_groups(gen_rng *r, gen_person *p, const gen_district *d, int born)
{
  static const unsigned short project_w[6] = {42, 24, 8, 7, 6, 13};
  static const int project_g[6] = {G_POOR_LABOR, G_OVERCAP, G_SOON_RELEASED, G_REHAB,
                                   G_CORRECTIONS, G_YELLOW_RIVER};
  static const unsigned short senior_w[4] = {50, 25, 10, 15};
  static const int senior_g[4] = {G_RURAL, G_FLEXIBLE, G_DIBAO, G_DOMESTIC};
  static const unsigned short ent_w[3] = {65, 25, 10};
  int g;

  switch (p->profile) {
  case P_MIGRANT:
    add_group(p, G_RURAL_MIGRANT);
    if (born >= 1980 && chance(r, 600))
      add_group(p, G_NEW_GEN);
    if (d->yellow_river && chance(r, 150))
      add_group(p, G_YELLOW_RIVER);
    if (chance(r, 80))
      add_group(p, G_POOR_LABOR);
    if (chance(r, 400))
      add_group(p, G_RURAL);
    if (chance(r, 20))
      add_group(p, G_DISABLED);
    break;
  case P_ENTERPRISE:
    p->ent_kind = pick(r, ent_w, 3);
    add_group(p, p->ent_kind == 0 ? G_EMPLOYEE : p->ent_kind == 1 ? G_NEW_HIRE : G_STRUGGLING);
    if (p->ent_kind == 2 && chance(r, 300))
      add_group(p, G_OVERCAP);
    if (chance(r, 100))
      add_group(p, G_RURAL_MIGRANT);
    if (chance(r, 10))
      add_group(p, G_DISABLED);
    break;
  case P_STUDENT:
    add_group(p, G_STUDENT);
    if (chance(r, 120))
      add_group(p, G_POOR_CHILD);
    if (chance(r, 300))
      add_group(p, G_RURAL);
    if (chance(r, 10))
      add_group(p, G_DISABLED);
    break;
  case P_LEAVER:
    add_group(p, G_LEAVER);
    if (chance(r, 600))
      add_group(p, G_RURAL);
    else if (chance(r, 150))
      add_group(p, G_DIBAO);
    if (chance(r, 150))
      add_group(p, G_POOR_CHILD);
    break;
  case P_UNEMPLOYED:
    add_group(p, G_UNEMPLOYED);
    if (chance(r, 300))
      add_group(p, G_UI);
    if (chance(r, 80)) {
      add_group(p, G_DISABLED);
      add_group(p, G_HARD);
    }
    if (chance(r, 200))
      add_group(p, G_HARD);
    if (chance(r, 60))
      add_group(p, G_ZERO_FAMILY);
    if (chance(r, 80))
      add_group(p, G_DIBAO);
    break;
  case P_PROJECT:
    g = project_g[pick(r, project_w, 6)];
    if (g == G_YELLOW_RIVER && !d->yellow_river)
      g = G_POOR_LABOR;
    add_group(p, g);
    if (g == G_POOR_LABOR && chance(r, 400))
      add_group(p, G_RURAL);
    if (g == G_OVERCAP && chance(r, 400))
      add_group(p, G_UNEMPLOYED);
    if (chance(r, 50))
      add_group(p, G_HARD);
    break;
  case P_VETERAN:
    add_group(p, G_VETERAN);
    if (chance(r, 150))
      add_group(p, G_UNEMPLOYED);
    if (chance(r, 80))
      add_group(p, G_BUSINESS);
    break;
  case P_BUSINESS:
    add_group(p, G_BUSINESS);
    if (chance(r, 150))
      add_group(p, G_RURAL_MIGRANT);
    if (chance(r, 80))
      add_group(p, G_GRAD);
    if (chance(r, 50))
      add_group(p, G_VETERAN);
    break;
  case P_DOMESTIC:
    add_group(p, G_DOMESTIC);
    if (chance(r, 750))
      add_group(p, G_FLEXIBLE);
    if (chance(r, 200))
      add_group(p, G_RURAL_MIGRANT);
    else if (chance(r, 60))
      add_group(p, G_DIBAO);
    if (chance(r, 100))
      add_group(p, G_UNEMPLOYED);
    break;
  case P_FLEXIBLE:
    add_group(p, G_FLEXIBLE);
    if (chance(r, 150))
      add_group(p, G_UNEMPLOYED);
    if (chance(r, 100))
      add_group(p, G_HARD);
    if (born >= 1980 && chance(r, 100))
      add_group(p, G_NEW_GEN);
    break;
  case P_GRAD:
    add_group(p, G_GRAD);
    if (chance(r, 200))
      add_group(p, G_UNEMPLOYED);
    if (chance(r, 150))
      add_group(p, G_NEW_HIRE);
    break;
  default: /* P_SENIOR */
    add_group(p, senior_g[pick(r, senior_w, 4)]);
    if (chance(r, 100))
      add_group(p, G_DIBAO);
    break;
  }
}

/* Months in 0..60 with a quarter under six (short of Jinan's 6 months). */
static int some_months(gen_rng *r)
{
  return chance(r, 250) ? range(r, 0, 5) : range(r, 6, 60);
}

static void person_make(gen_rng *r, const gen_opts *o, gen_person *p)
{
  memset(p, 0, sizeof *p);
  p->city = o->city >= 0 && o->city < GEN_NCITIES ? o->city : below(r, GEN_NCITIES);
  const gen_city *c = &cities[p->city];
  unsigned short dw[16];
  for (int i = 0; i < c->nd; i++)
    dw[i] = c->d[i].weight;
  p->district = pick(r, dw, c->nd);
  const gen_district *d = &c->d[p->district];
  p->profile = pick(r, c->profile_w, NPROFILES);
  const gen_profile *pr = &profiles[p->profile];

  int64_t lo = rt_days_from_civil(pr->born_lo, 1, 1);
  int64_t hi = rt_days_from_civil(pr->born_hi + 1, 1, 1);
  p->birth = lo + below(r, (uint32_t)(hi - lo));
  int born = year_of(p->birth);
  p->hukou_local = !chance(r, pr->nonlocal_pm);
  person_groups(r, p, d, born);

  /* The ID: area of registration, birth date, sequence (odd for men), check. */
  int area = d->area;
  if (!p->hukou_local)
    area = origin_areas[below(r, NELEM(origin_areas))];
  else if (d->old_area && born < d->old_until && chance(r, 850))
    area = d->old_area;
  int64_t y;
  unsigned m, dd;
  rt_civil_from_days(p->birth, &y, &m, &dd);
  put_digits(p->id, area, 6);
  put_digits(p->id + 6, y, 4);
  put_digits(p->id + 10, m, 2);
  put_digits(p->id + 12, dd, 2);
  put_digits(p->id + 14, below(r, 1000), 3);
  p->id[17] = id_check(p->id);
  p->id[18] = 0;
  if (p->id[17] == 'X' && chance(r, 50))
    p->id[17] = 'x'; /* some registries write it in lower case */

  /* Months and pension; -1 leaves the cell empty (the default). */
  p->residence = p->hukou_local ? (chance(r, 150) ? range(r, 24, 480) : -1) : some_months(r);
  p->insured = has(p, G_FLEXIBLE) ? some_months(r) : chance(r, 50) ? 0 : -1;
  p->business = has(p, G_BUSINESS) ? range(r, 1, 72) : -1;
  int age2020 = 2020 - born;
  if (p->profile == P_SENIOR)
    p->pension = chance(r, 450);
  else if (age2020 >= 60)
    p->pension = chance(r, 200);
  else
    p->pension = born <= 1970 && chance(r, 30); /* early retirement */
}

/* ---- One claim ----------------------------------------------------------- */

typedef struct gen_claim {
  int64_t date, start, end;
  int type, occ, level, cert;
  int days;          /* -1 empty */
  int hours, online; /* -1 empty */
  int64_t fee;       /* fen */
  int fee_plain;     /* write "1200" rather than "1200.00" */
  int org, orgno, org_free;
  int dept;          /* -1 empty */
  int no_org_id, no_class;
  int rate;          /* -1 unknown */
  int rate_pct;      /* write "85%" */
  int boolfmt;       /* true/false, 是/否, 1/0 or yes/no */
  int omit_hukou, omit_pension, omit_free; /* leave a default bool empty */
} gen_claim;

/* A claim date: mostly 2019-2021, 1% each in December 2018 and January 2022
** (outside the periods in force).  year 0 draws the year too. */
static int64_t claim_date(gen_rng *r, int year)
{
  int u = below(r, 1000);
  if (u < 10)
    return rt_days_from_civil(2018, 12, (unsigned)range(r, 1, 31));
  if (u < 20)
    return rt_days_from_civil(2022, 1, (unsigned)range(r, 1, 31));
  if (!year)
    year = 2019 + pick(r, year_w, 3);
  int m = 1 + pick(r, month_w[year == 2020], 12);
  int64_t first = rt_days_from_civil(year, (unsigned)m, 1);
  int64_t next = m == 12 ? rt_days_from_civil(year + 1, 1, 1)
                         : rt_days_from_civil(year, (unsigned)m + 1, 1);
  return first + below(r, (uint32_t)(next - first));
}

static int certificate(gen_rng *r, int type, int level)
{
  if (type == T_SPECIAL_OP) {
    int u = below(r, 100);
    return u < 85 ? C_SPECIAL_OP : u < 95 ? C_NONE : C_COMPLETION;
  }
  int none_pm = type == T_APPRENTICE ? 300 : 0; /* unfinished apprenticeships */
  if (none_pm && chance(r, none_pm))
    return C_NONE;
  int u = below(r, 100);
  switch (level) {
  case L_NONE:
    if (type == T_SAFETY)
      return u < 60 ? C_COMPLETION : u < 75 ? C_SPECIAL_OP : C_NONE;
    if (type == T_ENTREPRENEUR)
      return u < 85 ? C_COMPLETION : C_NONE;
    return u < 75 ? C_COMPLETION : C_NONE;
  case L_SPECIAL:
    return u < 85 ? C_SPECIAL : u < 95 ? C_NONE : C_COMPLETION;
  default:
    return u < 62 ? C_SKILL_LEVEL : u < 85 ? C_QUALIFICATION : u < 97 ? C_NONE : C_COMPLETION;
  }
}

static int department(gen_rng *r, const gen_person *p, const gen_claim *c)
{
  unsigned short w[NDEPTS] = {0};
  int ent = has(p, G_EMPLOYEE) || has(p, G_NEW_HIRE) || has(p, G_STRUGGLING);
  if (chance(r, 30))
    return -1;
  w[D_HRSS] = 100;
  if (c->type == T_SAFETY || c->type == T_SPECIAL_OP)
    w[D_EMERGENCY] += 150;
  if (ent && (c->occ == OC_ELECTRICIAN || c->occ == OC_WELDER))
    w[D_HOUSING] += 30;
  if (has(p, G_STUDENT) || c->type == T_PREPARATORY)
    w[D_EDU] += 150;
  if (has(p, G_VETERAN))
    w[D_VETERANS] += 200;
  if (has(p, G_DISABLED))
    w[D_DISABLED] += 120;
  if (c->type == T_DOMESTIC || has(p, G_DOMESTIC)) {
    w[D_WOMEN] += 60;
    w[D_COMMERCE] += 30;
  }
  if (ent && (c->type == T_UPGRADE || c->type == T_HIGH_SKILL)) {
    w[D_UNION] += 50;
    w[D_SASAC] += 40;
  }
  if (c->type == T_HIGH_SKILL)
    w[D_SCI] += 20;
  if ((has(p, G_GRAD) || has(p, G_STUDENT)) && (c->type == T_ENTREPRENEUR || c->type == T_CAMP))
    w[D_YOUTH] += 60;
  if (has(p, G_RURAL_MIGRANT) || has(p, G_POOR_LABOR) || has(p, G_RURAL))
    w[D_AGRI] += 40;
  if (c->occ == OC_ECOMMERCE || c->occ == OC_NETSALES)
    w[D_COMMERCE] += 50;
  return pick(r, w, NDEPTS);
}

/* The training type a person takes; 5% of claims are outside the profile. */
static int training_type(gen_rng *r, const gen_person *p)
{
  if (chance(r, 50))
    return below(r, NTYPES);
  if (p->profile == P_ENTERPRISE)
    return pick(r, ent_type_w[p->ent_kind], NTYPES);
  return pick(r, profiles[p->profile].type_w, NTYPES);
}

/* Fill c for claim j of p, dated date; prev[0..j) are the person's earlier
** claims.  Some repeat an earlier course (the no-repeat limits), some go one
** level up in the same trade. */
static void claim_make(gen_rng *r, const gen_person *p, const gen_claim *prev, int j,
                       int64_t date, gen_claim *c)
{
  memset(c, 0, sizeof *c);
  c->date = date;
  int u = j ? below(r, 100) : 100;
  if (u < 15) {
    const gen_claim *e = &prev[below(r, (uint32_t)j)];
    c->type = e->type, c->occ = e->occ, c->level = e->level;
  } else if (u < 30 && prev[j - 1].level >= L_JUNIOR && prev[j - 1].level < L_SENIOR_TECH) {
    const gen_claim *e = &prev[j - 1];
    c->type = e->type == T_HIGH_SKILL || e->level + 1 < L_TECHNICIAN ? e->type : T_HIGH_SKILL;
    c->occ = e->occ, c->level = e->level + 1;
  } else {
    c->type = training_type(r, p);
    const gen_training *t = &trainings[c->type];
    c->occ = pick(r, t->occ_w, NOCCS);
    c->level = pick(r, t->level_w, NLEVELS);
  }
  const gen_training *t = &trainings[c->type];
  c->cert = certificate(r, c->type, c->level);

  /* Dates: the claim follows the end of the training by days or weeks. */
  int lag = 1 + below(r, 30) + (chance(r, 200) ? below(r, 60) : 0);
  int span = range(r, t->span_lo, t->span_hi);
  c->end = date - lag;
  c->start = c->end - (span - 1);
  int attended = span;
  int u2 = below(r, 100);
  if (u2 < 13 && span > 1) {
    attended = span - range(r, 1, span / 4 > 1 ? (span / 4 < 3 ? span / 4 : 3) : 1); /* absences */
    c->days = attended;
  } else
    c->days = u2 < 85 ? span : -1;
  c->hours = attended * range(r, 6, 8);
  /* Online hours: rare before 2020, common in the epidemic year. */
  static const int online_pm[3] = {50, 400, 200};
  int y = year_of(c->start);
  int opm = online_pm[y <= 2019 ? 0 : y == 2020 ? 1 : 2];
  c->online = chance(r, opm) ? c->hours * range(r, 20, 60) / 100 : chance(r, 300) ? -1 : 0;
  if (chance(r, 20)) {
    c->hours = -1; /* not reported: then no online hours either */
    c->online = -1;
  }

  /* Fee in fen: steps of 50 yuan, some with 50 fen, a few odd. */
  c->fee = (int64_t)range(r, t->fee_lo / 50, t->fee_hi / 50) * 5000;
  int uf = below(r, 100);
  if (uf < 5)
    c->fee = 0;
  else if (uf < 12)
    c->fee += 50;
  else if (uf < 14)
    c->fee += range(r, 1, 99);
  c->fee_plain = c->fee % 100 == 0 && chance(r, 50);

  c->org = pick(r, t->org_w, NORGS);
  c->orgno = range(r, 1, org_pool[c->org]);
  int free_pm = has(p, G_VETERAN) ? 450 : c->type == T_PROJECT ? 400
              : c->type == T_PRE_JOB && c->org == O_ENTERPRISE ? 350 : 100;
  c->org_free = chance(r, free_pm);
  c->no_org_id = chance(r, 20);
  c->no_class = chance(r, 30);
  c->dept = department(r, p, c);

  int ub = below(r, 100);
  c->boolfmt = ub < 94 ? 0 : ub < 96 ? 1 : ub < 98 ? 2 : 3;
  c->omit_hukou = p->hukou_local && chance(r, 150);
  c->omit_pension = !p->pension && chance(r, 250);
  c->omit_free = !c->org_free && chance(r, 100);
}

/* The class's employment rate is a property of the class, so every claim of
** one class shows the same. */
static void class_rate(uint64_t key, int city, gen_claim *c)
{
  uint64_t h = mix64(key ^ mix64(((uint64_t)city << 56) ^ ((uint64_t)c->org << 48) ^
                                 ((uint64_t)c->orgno << 36) ^ ((uint64_t)c->occ << 28) ^
                                 (uint64_t)(c->start & 0xFFFFFFF)));
  int unknown_pm = c->type == T_PROJECT ? 250 : 400;
  c->rate = -1;
  if ((int)(h % 1000) >= unknown_pm) {
    h >>= 10;
    c->rate = (h % 100) < 35 ? 85 + (int)((h >> 7) % 16) : 30 + (int)((h >> 7) % 55);
    c->rate_pct = (h >> 20) % 100 < 5;
  }
}

/* ---- Output -------------------------------------------------------------- */

enum { WBUF_SIZE = 1 << 18, WBUF_ROOM = 4096 };

typedef struct gen_wbuf {
  FILE *out;
  char *p;   /* next free byte of b */
  int err;   /* errno of the first failed write */
  char b[WBUF_SIZE];
} gen_wbuf;

static void w_flush(gen_wbuf *w)
{
  size_t n = (size_t)(w->p - w->b);
  if (n && !w->err && fwrite(w->b, 1, n, w->out) != n)
    w->err = errno ? errno : EIO;
  w->p = w->b;
}

static void w_mem(gen_wbuf *w, const char *s, size_t n)
{
  memcpy(w->p, s, n);
  w->p += n;
}

static void w_str(gen_wbuf *w, const char *s)
{
  w_mem(w, s, strlen(s));
}

static void w_ch(gen_wbuf *w, char c)
{
  *w->p++ = c;
}

static void w_uint(gen_wbuf *w, uint64_t v)
{
  char t[24];
  int i = 24;
  do
    t[--i] = (char)('0' + v % 10);
  while (v /= 10);
  w_mem(w, t + i, (size_t)(24 - i));
}

static void w_pad(gen_wbuf *w, int64_t v, int width)
{
  put_digits(w->p, v, width);
  w->p += width;
}

/* A text cell, RFC 4180-quoted if it holds a comma, quote or line break.
** Nothing generated needs it today; the helper keeps it that way safely. */
static void w_text(gen_wbuf *w, const char *s)
{
  if (!strpbrk(s, ",\"\r\n")) {
    w_str(w, s);
    return;
  }
  w_ch(w, '"');
  for (; *s; s++) {
    if (*s == '"')
      w_ch(w, '"');
    w_ch(w, *s);
  }
  w_ch(w, '"');
}

static void w_date(gen_wbuf *w, int64_t days)
{
  int64_t y;
  unsigned m, d;
  rt_civil_from_days(days, &y, &m, &d);
  w_pad(w, y, 4);
  w_ch(w, '-');
  w_pad(w, m, 2);
  w_ch(w, '-');
  w_pad(w, d, 2);
}

/* An int cell; -1 is the empty cell. */
static void w_opt(gen_wbuf *w, int v)
{
  if (v >= 0)
    w_uint(w, (uint64_t)v);
}

static void w_bool(gen_wbuf *w, int v, int fmt)
{
  static const char *const spell[4][2] = {
    {"false", "true"}, {"否", "是"}, {"0", "1"}, {"no", "yes"}};
  w_str(w, spell[fmt][v != 0]);
}

/* Spoil a resident ID the three ways the reader must catch. */
static void spoil_id(const char *good, uint64_t h, char *out)
{
  int kind = (int)(h % 3), sub = (int)((h >> 8) % 3);
  memcpy(out, good, 19);
  if (kind == 0) { /* wrong check digit */
    const char *at = strchr(check_chars, out[17] == 'x' ? 'X' : out[17]);
    int k = at ? (int)(at - check_chars) : 0;
    out[17] = check_chars[(k + 1 + (int)((h >> 16) % 10)) % 11];
  } else if (kind == 1) { /* wrong length */
    if (sub == 0)
      out[17] = 0; /* a digit lost */
    else if (sub == 1) { /* the old 15-digit ID: two-digit year, no check */
      memmove(out + 6, out + 8, 9);
      out[15] = 0;
    } else { /* a digit typed twice */
      out[18] = out[17];
      out[17] = out[16];
      out[19] = 0;
    }
  } else { /* an impossible birth date, with a correct check digit */
    if (sub == 0)
      memcpy(out + 10, "13", 2);
    else if (sub == 1)
      memcpy(out + 12, "00", 2);
    else
      memcpy(out + 10, "0230", 4);
    out[17] = id_check(out);
  }
}

static void write_row(gen_wbuf *w, const gen_person *p, const gen_claim *c, int64_t row,
                      const char *id)
{
  const gen_city *city = &cities[p->city];
  w_ch(w, 'G');
  if (row < 10000000)
    w_pad(w, row, 7);
  else
    w_uint(w, (uint64_t)row);
  w_ch(w, ',');
  w_text(w, id);
  w_ch(w, ',');
  w_text(w, city->d[p->district].name);
  w_ch(w, ',');
  if (c->dept >= 0)
    w_text(w, dept_names[c->dept]);
  w_ch(w, ',');
  w_date(w, c->date);
  w_ch(w, ',');
  for (int i = 0; i < p->ngroups; i++) {
    if (i)
      w_ch(w, '|');
    w_str(w, group_names[p->groups[i]]);
  }
  w_ch(w, ',');
  if (!c->omit_hukou)
    w_bool(w, p->hukou_local, c->boolfmt);
  w_ch(w, ',');
  w_opt(w, p->residence);
  w_ch(w, ',');
  w_opt(w, p->insured);
  w_ch(w, ',');
  if (!c->omit_pension)
    w_bool(w, p->pension, c->boolfmt);
  w_ch(w, ',');
  w_opt(w, p->business);
  w_ch(w, ',');
  w_str(w, type_names[c->type]);
  w_ch(w, ',');
  w_text(w, occ_names[c->occ]);
  w_ch(w, ',');
  w_str(w, level_names[c->level]);
  w_ch(w, ',');
  w_str(w, cert_names[c->cert]);
  w_ch(w, ',');
  w_date(w, c->start);
  w_ch(w, ',');
  w_date(w, c->end);
  w_ch(w, ',');
  w_opt(w, c->days);
  w_ch(w, ',');
  w_opt(w, c->hours);
  w_ch(w, ',');
  w_opt(w, c->online);
  w_ch(w, ',');
  w_uint(w, (uint64_t)(c->fee / 100));
  if (!c->fee_plain) {
    w_ch(w, '.');
    w_pad(w, c->fee % 100, 2);
  }
  w_ch(w, ',');
  w_str(w, org_names[c->org]);
  w_ch(w, ',');
  char org_id[32];
  memcpy(org_id, city->code, 2);
  org_id[2] = '-';
  memcpy(org_id + 3, org_codes[c->org], 2);
  org_id[5] = '-';
  put_digits(org_id + 6, c->orgno, 3);
  org_id[9] = 0;
  if (!c->no_org_id)
    w_text(w, org_id);
  w_ch(w, ',');
  if (!c->omit_free)
    w_bool(w, c->org_free, c->boolfmt);
  w_ch(w, ',');
  if (!c->no_class) {
    /* class: organizer, start date (YYMMDD), occupation number */
    int64_t y;
    unsigned m, d;
    rt_civil_from_days(c->start, &y, &m, &d);
    char *q = org_id + 9;
    *q++ = '-';
    put_digits(q, (y % 100) * 10000 + m * 100 + d, 6);
    q += 6;
    *q++ = '-';
    put_digits(q, c->occ + 1, 2);
    q[2] = 0;
    w_text(w, org_id);
  }
  w_ch(w, ',');
  if (c->rate >= 0) {
    w_uint(w, (uint64_t)c->rate);
    if (c->rate_pct)
      w_ch(w, '%');
  }
  w_ch(w, '\n');
}

/* ---- The generator ------------------------------------------------------- */

void gen_opts_init(gen_opts *o)
{
  memset(o, 0, sizeof *o);
  o->n = 10000;
  o->seed = 1;
  o->invalid_ppm = 10000;
  o->city = GEN_ALL_CITIES;
}

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int gen_write(FILE *out, const gen_opts *o)
{
  gen_wbuf *w = malloc(sizeof *w);
  if (!w) {
    errno = ENOMEM;
    return -1;
  }
  w->out = out;
  w->p = w->b;
  w->err = 0;
  w_str(w, header);

  /* Independent keys for persons, spoilt IDs and classes. */
  uint64_t k = o->seed;
  uint64_t person_key = splitmix64(&k), spoil_key = splitmix64(&k), class_key = splitmix64(&k);
  double last = o->progress ? now_s() : 0;
  int shown = 0;
  int64_t row = 0;
  for (uint64_t pi = 0; row < o->n && !w->err; pi++) {
    gen_rng r;
    gen_person p;
    gen_claim cl[6];
    int64_t dates[6];
    rng_seed(&r, person_key, pi);
    person_make(&r, o, &p);
    int n = 1 + pick(&r, nclaims_w, 6);
    int year = n >= 4 && chance(&r, 400) ? 2019 + pick(&r, year_w, 3) : 0; /* a busy year */
    for (int j = 0; j < n; j++) {
      int64_t d = claim_date(&r, year);
      int i = j;
      for (; i > 0 && dates[i - 1] > d; i--)
        dates[i] = dates[i - 1];
      dates[i] = d;
    }
    for (int j = 0; j < n && row < o->n; j++) {
      claim_make(&r, &p, cl, j, dates[j], &cl[j]);
      class_rate(class_key, p.city, &cl[j]);
      row++;
      char spoilt[20];
      const char *id = p.id;
      uint64_t h = mix64(spoil_key ^ (uint64_t)row);
      if (h % 1000000 < o->invalid_ppm) {
        spoil_id(p.id, h >> 20, spoilt);
        id = spoilt;
      }
      write_row(w, &p, &cl[j], row, id);
      if (w->p - w->b > WBUF_SIZE - WBUF_ROOM)
        w_flush(w);
    }
    if (o->progress && (pi & 1023) == 0) {
      double t = now_s();
      if (t - last >= 0.25) {
        fprintf(o->progress, "\rgen: %lld / %lld rows", (long long)row, (long long)o->n);
        fflush(o->progress);
        last = t;
        shown = 1;
      }
    }
  }
  w_flush(w);
  if (shown) {
    fprintf(o->progress, "\r%*s\r", 60, "");
    fflush(o->progress);
  }
  int err = w->err;
  free(w);
  if (!err && (fflush(out) != 0 || ferror(out)))
    err = errno ? errno : EIO;
  if (err) {
    errno = err;
    return -1;
  }
  return 0;
}

int gen_city_lookup(const char *name)
{
  if (!strcmp(name, "all"))
    return GEN_ALL_CITIES;
  for (int i = 0; i < GEN_NCITIES; i++) {
    size_t n = strlen(cities[i].name);
    if (!strcmp(name, cities[i].key) || !strcmp(name, cities[i].name) ||
        (!strncmp(name, cities[i].name, n) && !strcmp(name + n, "市")))
      return i;
  }
  return -2;
}

/* ---- Command line -------------------------------------------------------- */

static const char gen_help[] =
  "usage: polis gen [--n N] [--seed S] [-o FILE] [--invalid-share F] [--city CITY]\n"
  "                 [--progress | --no-progress]\n"
  "\n"
  "Write N synthetic claims (claims-v1 CSV) for tests, demos and benchmarks:\n"
  "persons of Liaocheng, Yuncheng, Jinan, Dezhou and Tai'an with 1-6 claims each,\n"
  "dated 2019-2021 (a few just outside), every group, training type, level,\n"
  "certificate and organizer type, and a share of invalid resident IDs.\n"
  "The same N, seed, share and city give byte-identical output on every\n"
  "platform, and the first rows for N are the rows for any smaller N.\n"
  "\n"
  "options:\n"
  "  --n N                rows to write (default 10000); 5k = 5000, 2M = 2000000\n"
  "  --seed S             random seed, 0 to 18446744073709551615 (default 1)\n"
  "  -o, --output FILE    write to FILE (default standard output; '-' too)\n"
  "  --invalid-share F    share of rows with an invalid person_id: wrong check\n"
  "                       digit, wrong length or impossible birth date; 0 to 1\n"
  "                       or a percentage like 2% (default 0.01)\n"
  "  --city CITY          persons of one city only: liaocheng, yuncheng, jinan,\n"
  "                       dezhou or taian (default all: the five mixed)\n"
  "  --progress           show progress on standard error\n"
  "  --no-progress        never (default: only when standard error is a terminal)\n"
  "  -h, --help           show this help\n";

static int gen_usage(const char *fmt, const char *arg)
{
  fprintf(stderr, "polis: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(run 'polis gen --help' for usage)\n");
  return 2;
}

/* N, or N with a suffix k/K (1000) or M (1000000); 1 <= N <= 10^12. */
static int parse_count(const char *s, int64_t *out)
{
  const int64_t max = 1000000000000;
  int64_t v = 0;
  int nd = 0;
  for (; *s >= '0' && *s <= '9'; s++, nd++) {
    v = v * 10 + (*s - '0');
    if (v > max)
      return 0;
  }
  if (!nd)
    return 0;
  if ((*s == 'k' || *s == 'K') && !s[1])
    v *= 1000;
  else if (*s == 'M' && !s[1])
    v *= 1000000;
  else if (*s)
    return 0;
  if (v < 1 || v > max)
    return 0;
  *out = v;
  return 1;
}

static int parse_seed(const char *s, uint64_t *out)
{
  uint64_t v = 0;
  if (!*s)
    return 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9')
      return 0;
    unsigned d = (unsigned)(*s - '0');
    if (v > (UINT64_MAX - d) / 10)
      return 0;
    v = v * 10 + d;
  }
  *out = v;
  return 1;
}

/* A share 0..1 ("0.01", ".5", "1") or a percentage ("2%", "0.5%"), to parts
** per million, rounded half up; decimal digits only, no floating point. */
static int parse_share(const char *s, uint32_t *ppm)
{
  uint64_t ip = 0, frac = 0; /* frac: 9 decimal places */
  int nd = 0, nf = 0;
  for (; *s >= '0' && *s <= '9'; s++, nd++) {
    ip = ip * 10 + (uint64_t)(*s - '0');
    if (ip > 100)
      return 0;
  }
  if (*s == '.')
    for (s++; *s >= '0' && *s <= '9'; s++, nf++)
      if (nf < 9)
        frac = frac * 10 + (uint64_t)(*s - '0');
  if (!nd && !nf)
    return 0;
  for (int i = nf; i < 9; i++)
    frac *= 10;
  uint64_t nano = ip * 1000000000u + frac; /* the number in units of 1e-9 */
  int pct = *s == '%';
  if (*(s + pct))
    return 0;
  uint64_t v = pct ? (nano + 50000) / 100000 : (nano + 500) / 1000;
  if (v > 1000000)
    return 0;
  *ppm = (uint32_t)v;
  return 1;
}

/* argv[*i] is option name: take its value from "name=V", or the next
** argument.  Returns 0 if it is another option, 1 with *val set (NULL when
** the value is missing). */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n))
    return 0;
  if (a[n] == '=')
    *val = a + n + 1;
  else if (a[n] && name[1] != '-')
    *val = a + n; /* -oFILE */
  else if (a[n])
    return 0;     /* --name is only a prefix of this option */
  else
    *val = *i + 1 < argc ? argv[++*i] : NULL;
  return 1;
}

int gen_main(int argc, char **argv)
{
  gen_opts o;
  gen_opts_init(&o);
  const char *out = NULL, *v;
  int progress = -1;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(gen_help, stdout);
      return 0;
    } else if (opt_value(argc, argv, &i, "--n", &v)) {
      if (!v || !parse_count(v, &o.n))
        return gen_usage("--n needs a positive integer such as 5000, 10k or 1M (got '%s')",
                         v ? v : "");
    } else if (opt_value(argc, argv, &i, "--seed", &v)) {
      if (!v || !parse_seed(v, &o.seed))
        return gen_usage("--seed needs a whole number from 0 to 18446744073709551615 (got '%s')",
                         v ? v : "");
    } else if (opt_value(argc, argv, &i, "--output", &v) || opt_value(argc, argv, &i, "-o", &v)) {
      if (!v || !*v)
        return gen_usage("%s needs a file name", a);
      out = v;
    } else if (opt_value(argc, argv, &i, "--invalid-share", &v)) {
      if (!v || !parse_share(v, &o.invalid_ppm))
        return gen_usage("--invalid-share needs a share from 0 to 1 or a percentage, e.g. 0.02 or 2%% (got '%s')",
                         v ? v : "");
    } else if (opt_value(argc, argv, &i, "--city", &v)) {
      if (!v || (o.city = gen_city_lookup(v)) == -2)
        return gen_usage("--city needs one of liaocheng, yuncheng, jinan, dezhou, taian, all (got '%s')",
                         v ? v : "");
    } else if (!strcmp(a, "--progress"))
      progress = 1;
    else if (!strcmp(a, "--no-progress"))
      progress = 0;
    else if (a[0] == '-' && a[1])
      return gen_usage("unknown option '%s' for gen", a);
    else
      return gen_usage("gen takes no file arguments (got '%s'); write to a file with -o", a);
  }
  if (progress < 0)
    progress = isatty(STDERR_FILENO);
  o.progress = progress ? stderr : NULL;

  int to_stdout = !out || !strcmp(out, "-");
  const char *name = to_stdout ? "standard output" : out;
  FILE *f = to_stdout ? stdout : fopen(out, "wb");
  if (!f) {
    fprintf(stderr, "polis: error: %s: cannot open for writing: %s\n", out, strerror(errno));
    return 1;
  }
  int rc = gen_write(f, &o);
  int err = errno;
  if (!to_stdout && fclose(f) != 0 && rc == 0) {
    rc = -1;
    err = errno;
  }
  if (rc) {
    fprintf(stderr, "polis: error: %s: cannot write: %s\n", name, strerror(err));
    return 1;
  }
  return 0;
}

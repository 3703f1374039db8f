-- Search of the procedure catalog as people type it: phrases they use (từ đồng nghĩa) mapped to the catalog's wording.
CREATE TABLE "search_synonyms" (
	"term" text PRIMARY KEY NOT NULL,
	"expansions" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_synonyms_expansions_ck" CHECK (cardinality("search_synonyms"."expansions") BETWEEN 1 AND 20)
);
--> statement-breakpoint
INSERT INTO "search_synonyms" ("term", "expansions") VALUES
	('đăng ký kinh doanh', ARRAY['đăng ký thành lập hộ kinh doanh', 'đăng ký thành lập doanh nghiệp', 'đăng ký thành lập công ty']),
	('mở công ty', ARRAY['đăng ký thành lập công ty', 'đăng ký thành lập doanh nghiệp']),
	('thành lập công ty', ARRAY['đăng ký thành lập công ty', 'đăng ký thành lập doanh nghiệp']),
	('làm giấy khai sinh', ARRAY['đăng ký khai sinh']),
	('giấy khai sinh', ARRAY['đăng ký khai sinh']),
	('làm giấy đăng ký kết hôn', ARRAY['đăng ký kết hôn']),
	('giấy phép xây nhà', ARRAY['giấy phép xây dựng', 'nhà ở riêng lẻ']),
	('xin phép xây dựng', ARRAY['giấy phép xây dựng']),
	('sổ đỏ', ARRAY['giấy chứng nhận quyền sử dụng đất']),
	('sổ hồng', ARRAY['giấy chứng nhận quyền sử dụng đất']),
	('công chứng', ARRAY['chứng thực']),
	('sao y', ARRAY['chứng thực bản sao']),
	('xác nhận độc thân', ARRAY['xác nhận tình trạng hôn nhân']),
	('trợ cấp thất nghiệp', ARRAY['hưởng trợ cấp thất nghiệp']);

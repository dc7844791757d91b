-- An official drafting a văn bản đi (POST /api/v1/documents/outgoing): a
-- quyết định with a few paragraphs of content and two outside recipients,
-- the same body each time (each request is a new draft).
local body = '{"type_code":"quyet_dinh","urgency":"thuong","secrecy":"",' ..
  '"subject":"Quyết định về việc thành lập Tổ công tác chuyển đổi số xã",' ..
  '"content":"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\\n' ..
  'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;\\n' ..
  'Theo đề nghị của Văn phòng HĐND và UBND xã.\\n' ..
  'Điều 1. Thành lập Tổ công tác chuyển đổi số xã gồm các ông, bà có tên trong danh sách kèm theo.\\n' ..
  'Điều 2. Tổ công tác có nhiệm vụ tham mưu, đôn đốc và kiểm tra việc triển khai chuyển đổi số ' ..
  'trên địa bàn xã; báo cáo kết quả hằng quý với Ủy ban nhân dân xã.\\n' ..
  'Điều 3. Quyết định có hiệu lực kể từ ngày ký. Văn phòng HĐND và UBND xã, các ông, bà có tên ' ..
  'tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",' ..
  '"recipients":[{"organ_id":"000.00.00.H42","organ_name":"Sở Nội vụ tỉnh Hà Tĩnh"},' ..
  '{"organ_name":"Các thành viên Tổ công tác"}]}'

-- wrk.headers keeps the Authorization given with -H.
function init(args)
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  return wrk.format("POST", "/api/v1/documents/outgoing", nil, body)
end

// Swagger UI for the REST API, reading the document this server serves.
window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
  // No call to validator.swagger.io: banks run offline.
  validatorUrl: null,
});
